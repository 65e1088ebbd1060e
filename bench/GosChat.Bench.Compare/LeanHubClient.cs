using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GosChat.Bench.Compare;

/// <summary>
/// A lean SignalR client speaking the JSON hub protocol over a raw <see cref="ClientWebSocket"/>, so that one core of
/// load generation can outrun one core of server: handshake <c>{"protocol":"json","version":1}\u001e</c>, invocation
/// frames <c>{"type":1,"target":…,"arguments":[…]}\u001e</c>. Setup calls (<see cref="InvokeAsync"/>, <see cref="On"/>)
/// parse whole frames; during the relay, a frame carrying <c>"clientMessageId":"&lt;step&gt;.&lt;timestamp&gt;"</c> is
/// only scanned for that id and handed to <see cref="Relayed"/>, and sends are fire-and-forget invocations (no
/// invocation id, so the server sends no completion) batched into one WebSocket message per flush.
/// </summary>
public sealed class LeanHubClient : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly byte[] Marker = "\"clientMessageId\":\""u8.ToArray();
    private static readonly byte[] Ping = "{\"type\":6}\u001e"u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, Action<JsonElement>> _handlers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private ArrayBufferWriter<byte> _sending = new(16 * 1024);
    private bool _flushing;
    private int _nextId;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private static readonly ConcurrentDictionary<System.Net.IPAddress, HttpMessageInvoker> Invokers = new();

    /// <summary>Called with (step, scheduled send timestamp) for each relayed message that arrives.</summary>
    public Action<int, long>? Relayed { get; set; }

    /// <summary>Why the connection ended, if it did.</summary>
    public string? Closed { get; private set; }

    /// <summary>
    /// Connects and completes the hub handshake. With <paramref name="from"/> the connection leaves from that local
    /// address (any 127.x.y.z on Linux), so one machine plays visitors from many addresses, each with its own limits.
    /// </summary>
    public static async Task<LeanHubClient> ConnectAsync(Uri address, string? accessToken, System.Net.IPAddress? from = null)
    {
        var client = new LeanHubClient();
        if (accessToken is not null) client._socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        var ws = new UriBuilder(address) { Scheme = address.Scheme == "https" ? "wss" : "ws" }.Uri;
        try
        {
            if (from is null) await client._socket.ConnectAsync(ws, CancellationToken.None);
            else await client._socket.ConnectAsync(ws, InvokerFrom(from), CancellationToken.None);
        }
        catch
        {
            // Refused before the upgrade (a 429, say): nothing of it is left open.
            client._socket.Dispose();
            client._stop.Dispose();
            throw;
        }
        await client._socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var handshake = new byte[1024];
        var read = 0;
        while (Array.IndexOf(handshake, Separator, 0, read) < 0)
        {
            var r = await client._socket.ReceiveAsync(handshake.AsMemory(read), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"the server closed during the handshake ({address})");
            read += r.Count;
        }
        var end = Array.IndexOf(handshake, Separator, 0, read);
        var reply = Encoding.UTF8.GetString(handshake, 0, end);
        if (reply.Contains("\"error\"", StringComparison.Ordinal)) throw new InvalidOperationException($"handshake refused: {reply}");
        // What came after the handshake in the same read (the first pushes) is the start of the receive loop's input.
        var rest = handshake.AsSpan(end + 1, read - end - 1).ToArray();
        client._receiving = Task.Run(() => client.ReceiveLoopAsync(rest));
        client._pinging = Task.Run(client.PingLoopAsync);
        return client;
    }

    /// <summary>
    /// One HTTP handler per local address, shared by every connection from it (each WebSocket takes its connection out
    /// of the handler's pool on upgrade), so a client that reconnects again and again does not build a handler each time.
    /// </summary>
    private static HttpMessageInvoker InvokerFrom(System.Net.IPAddress from) => Invokers.GetOrAdd(from, address => new HttpMessageInvoker(
        new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }));

    public void On(string target, Action<JsonElement> handler) => _handlers[target] = handler;

    /// <summary>An invocation with an id; completes with the result (or throws the hub error).</summary>
    public Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        var frame = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = id, target, arguments });
        Write(frame, [Separator]);
        return call.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Queues a fire-and-forget frame already in the wire format (ending in the separator).</summary>
    public void Send(ReadOnlySpan<byte> frame) => Write(frame, default);

    /// <summary>Queues <c>SendMessage(text, "step.timestamp")</c> without an invocation id (<paramref name="head"/> is the frame up to the id).</summary>
    public void SendRelay(ReadOnlySpan<byte> head, int step, long timestamp)
    {
        Span<byte> tail = stackalloc byte[48];
        var n = 0;
        step.TryFormat(tail, out var w, provider: System.Globalization.CultureInfo.InvariantCulture);
        n += w;
        tail[n++] = (byte)'.';
        timestamp.TryFormat(tail[n..], out w, provider: System.Globalization.CultureInfo.InvariantCulture);
        n += w;
        "\"]}\u001e"u8.CopyTo(tail[n..]);
        n += 4;
        Write(head, tail[..n]);
    }

    private void Write(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        lock (_gate)
        {
            _pending.Write(a);
            _pending.Write(b);
            if (_flushing) return;
            _flushing = true;
        }
        _ = FlushAsync();
    }

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_pending.WrittenCount == 0)
                    {
                        _flushing = false;
                        return;
                    }
                    (_pending, _sending) = (_sending, _pending);
                }
                await _socket.SendAsync(_sending.WrittenMemory, WebSocketMessageType.Text, true, _stop.Token);
                _sending.ResetWrittenCount();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Closed ??= e.InnerException is { } inner ? e.Message + " ← " + inner.Message : e.Message;
        }
        catch (Exception e)
        {
            Closed ??= "send failed: " + e.Message;
            Console.Error.WriteLine("send: " + e);
        }
    }

    private async Task PingLoopAsync()
    {
        // The server drops a connection it has heard nothing from for 30 s; operators only listen during the relay.
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                Send(Ping);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ReceiveLoopAsync(byte[] first)
    {
        var buffer = new byte[64 * 1024];
        first.CopyTo(buffer, 0);
        var length = first.Length;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var r = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    Closed = Closed + $" | closed by the server: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    break;
                }
                length += r.Count;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(buffer, Separator, start, length - start)) >= 0)
                {
                    Handle(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, length - start);
                    length -= start;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Closed ??= e.InnerException is { } inner ? e.Message + " ← " + inner.Message : e.Message;
        }
        catch (Exception e)
        {
            Closed ??= "receive loop failed: " + e;
            Console.Error.WriteLine(Closed);
        }
        foreach (var call in _calls.Values) call.TrySetException(new InvalidOperationException($"connection ended: {Closed}"));
    }

    private void Handle(ReadOnlySpan<byte> frame)
    {
        if (Relayed is { } relayed)
        {
            var at = frame.IndexOf(Marker);
            if (at >= 0 && TryParseId(frame[(at + Marker.Length)..], out var step, out var timestamp))
            {
                relayed(step, timestamp);
                return;
            }
        }
        using var doc = JsonDocument.Parse(frame.ToArray());
        var root = doc.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.TryGetProperty("target", out var target) && _handlers.TryGetValue(target.GetString()!, out var handler):
                var args = root.GetProperty("arguments");
                handler(args.GetArrayLength() > 0 ? args[0].Clone() : default);
                break;
            case 3 when _calls.TryRemove(root.GetProperty("invocationId").GetString()!, out var call):
                if (root.TryGetProperty("error", out var error)) call.TrySetException(new InvalidOperationException(error.GetString()));
                else call.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                break;
            case 7:
                Closed = "close frame: " + (root.TryGetProperty("error", out var why) ? why.GetString() : "no error");
                break;
        }
    }

    private static bool TryParseId(ReadOnlySpan<byte> s, out int step, out long timestamp)
    {
        step = 0;
        timestamp = 0;
        var i = 0;
        for (; i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9'; i++) step = step * 10 + (s[i] - '0');
        if (i == 0 || i >= s.Length || s[i] != '.') return false;
        var j = ++i;
        for (; i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9'; i++) timestamp = timestamp * 10 + (s[i] - '0');
        return i > j && i < s.Length && s[i] == '"';
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException) { }
        await Task.WhenAny(Task.WhenAll(_receiving, _pinging), Task.Delay(TimeSpan.FromSeconds(2)));
        _socket.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Writes the frames <paramref name="frame"/> makes, back to back in 64 KB WebSocket messages, until the server cuts
    /// the connection or <paramref name="stop"/> fires. Returns how many frames were written.
    /// </summary>
    public async Task<int> FloodAsync(Func<int, byte[]> frame, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        var (used, inBuffer, written) = (0, 0, 0);
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var next = frame(i);
                if (used + next.Length > buffer.Length)
                {
                    await _socket.SendAsync(buffer.AsMemory(0, used), WebSocketMessageType.Text, true, stop);
                    written += inBuffer;
                    used = inBuffer = 0;
                }
                next.CopyTo(buffer, used);
                used += next.Length;
                inBuffer++;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException) { }
        return written;
    }
}
