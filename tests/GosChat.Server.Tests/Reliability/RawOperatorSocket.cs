using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// An operator-hub client on a bare WebSocket speaking SignalR's JSON protocol by hand, with a small socket receive
/// buffer: it completes the handshake, goes available, accepts offers and reads pushes until <see cref="Freeze"/>,
/// after which it reads nothing more, like a console whose machine hangs. The server's writes to it then back up.
/// </summary>
public sealed class RawOperatorSocket : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder(); // a character may span two reads
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _calls = [];
    private readonly List<JsonElement> _offers = [];
    private TaskCompletionSource _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _frozen;
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    /// <summary>Bytes of pushes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once the server closed or reset the socket.</summary>
    public bool ClosedByServer { get; private set; }

    private RawOperatorSocket() { }

    /// <summary>Connects to <paramref name="hub"/> (http://…/hubs/operator) with the access token and completes the handshake.</summary>
    public static async Task<RawOperatorSocket> ConnectAsync(Uri hub, string accessToken)
    {
        var client = new RawOperatorSocket();
        var handler = new SocketsHttpHandler
        {
            // A small receive buffer (no auto-tuning): the kernel holds a few KB for this client, not megabytes.
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var uri = new UriBuilder(hub) { Scheme = "ws", Query = "access_token=" + WebUtility.UrlEncode(accessToken) }.Uri;
        await client._socket.ConnectAsync(uri, new HttpMessageInvoker(handler), CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}" + Separator);
        await client.ReadFrameAsync(CancellationToken.None); // the handshake answer
        client._reader = Task.Run(client.ReadLoopAsync);
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion (only while not frozen).</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        var id = "c" + Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls) _calls[id] = answer;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }) + Separator);
        var completion = await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (completion.TryGetProperty("error", out var error)) throw new InvalidOperationException(error.GetString());
        return completion.TryGetProperty("result", out var result) ? result.Clone() : default;
    }

    /// <summary>Waits for an offer of <paramref name="sessionId"/> and accepts it.</summary>
    public async Task AcceptOfferForAsync(string sessionId)
    {
        string? offerId = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (offerId is null)
        {
            lock (_offers)
                offerId = _offers.Where(o => o.GetProperty("sessionId").GetString() == sessionId)
                    .Select(o => o.GetProperty("offerId").GetString()).FirstOrDefault();
            if (offerId is not null) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No offer for " + sessionId);
            await Task.Delay(25);
        }
        await InvokeAsync("AcceptOffer", offerId);
    }

    /// <summary>Stops reading: whatever the server sends from now on stays in its buffers and the kernel's.</summary>
    public void Freeze() => _frozen = true;

    /// <summary>A message push this console read: its session, id, sequence number and client message id.</summary>
    public sealed record ShownPush(string SessionId, string MessageId, long Seq, string? ClientMessageId);

    private readonly List<ShownPush> _messages = [];

    /// <summary>Every message push read so far, in order.</summary>
    public IReadOnlyList<ShownPush> Messages { get { lock (_messages) return _messages.ToList(); } }

    /// <summary>Reads again (what the server still has for it arrives, unless it closed the connection).</summary>
    public void Thaw()
    {
        _frozen = false;
        _thawed.TrySetResult();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_frozen)
                {
                    await _thawed.Task.WaitAsync(_stop.Token);
                    _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    continue;
                }
                var frame = await ReadFrameAsync(_stop.Token);
                if (frame is null) break;
                Dispatch(frame);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { ClosedByServer = true; }
        if (!_stop.IsCancellationRequested) ClosedByServer = true;
    }

    private void Dispatch(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetInt32();
        if (type == 3 && root.TryGetProperty("invocationId", out var id))
        {
            TaskCompletionSource<JsonElement>? call;
            lock (_calls) _calls.Remove(id.GetString()!, out call);
            call?.TrySetResult(root.Clone());
        }
        else if (type == 1 && root.GetProperty("target").GetString() == "Offer")
        {
            lock (_offers) _offers.Add(root.GetProperty("arguments")[0].Clone());
        }
        else if (type == 1 && root.GetProperty("target").GetString() == "Message")
        {
            var message = root.GetProperty("arguments")[0];
            var shown = new ShownPush(message.GetProperty("sessionId").GetString()!, message.GetProperty("messageId").GetString()!,
                message.GetProperty("seq").GetInt64(), message.TryGetProperty("clientMessageId", out var cmid) ? cmid.GetString() : null);
            lock (_messages) _messages.Add(shown);
        }
        else if (type == 7)
        {
            ClosedByServer = true;
        }
    }

    private async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next SignalR frame, or null when the server closed the socket.</summary>
    private async Task<string?> ReadFrameAsync(CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }
            var received = await _socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            BytesRead += received.Count;
            _pending.Append(chars, 0, _utf8.GetChars(buffer, 0, received.Count, chars, 0));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        try { await _reader; } catch (Exception) { }
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
