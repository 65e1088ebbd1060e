using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// A citizen-hub client on a bare WebSocket speaking SignalR's JSON protocol by hand: for attacks that a polite
/// client library would not make, such as thousands of invocations written at once.
/// </summary>
public sealed class RawChatClient : IDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();

    private RawChatClient() { }

    public static async Task<RawChatClient> ConnectAsync(Uri hub)
    {
        var client = new RawChatClient();
        await client._socket.ConnectAsync(new UriBuilder(hub) { Scheme = "ws" }.Uri, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}" + Separator);
        await client.ReadFrameAsync(); // the handshake answer
        return client;
    }

    public async Task<string> StartSessionAsync(string topic, string text)
    {
        await SendAsync(Frame("start", "StartSession", [new { topic, text, language = "ru" }]));
        while (await ReadFrameAsync() is { } frame)
        {
            using var doc = JsonDocument.Parse(frame);
            if (doc.RootElement.TryGetProperty("invocationId", out var id) && id.GetString() == "start")
                return doc.RootElement.GetProperty("result").GetProperty("sessionId").GetString()!;
        }
        throw new InvalidOperationException("The connection closed before StartSession answered.");
    }

    /// <summary>
    /// Writes <paramref name="count"/> invocations back to back (each from <paramref name="call"/>), 64 KB at a time from
    /// one reused buffer, then reads until the server closes: (completions refused with rate_limited, closed).
    /// </summary>
    /// <summary>What a flood came to: rate_limited answers read, whether the server closed it, frames fully written.</summary>
    public sealed record FloodResult(int Errors, bool Closed, int Written);

    public Task<FloodResult> FloodAsync(int count, Func<int, (string Method, object[] Arguments)> call) =>
        FloodFramesAsync(count, i =>
        {
            var (method, arguments) = call(i);
            return Frame("f" + i, method, arguments);
        });

    /// <summary>
    /// SendMessage(<paramref name="text"/>, "f{i}") <paramref name="count"/> times, its JSON made once and only the ids
    /// written per frame, so the attacker's own work (in the test's process) stays small next to the server's.
    /// </summary>
    public Task<FloodResult> FloodSendMessageAsync(int count, string text)
    {
        var textJson = JsonSerializer.Serialize(text);
        return FloodFramesAsync(count, i =>
            $"{{\"type\":1,\"invocationId\":\"f{i}\",\"target\":\"SendMessage\",\"arguments\":[{textJson},\"f{i}\"]}}" + Separator);
    }

    private async Task<FloodResult> FloodFramesAsync(int count, Func<int, string> frames)
    {
        var reading = CountErrorsAsync();
        var buffer = new byte[64 * 1024];
        var used = 0;
        var written = 0;
        try
        {
            var inBuffer = 0;
            for (var i = 0; i < count; i++)
            {
                var frame = Encoding.UTF8.GetBytes(frames(i));
                if (used + frame.Length > buffer.Length)
                {
                    await _socket.SendAsync(buffer.AsMemory(0, used), WebSocketMessageType.Text, true, CancellationToken.None);
                    written += inBuffer;
                    used = inBuffer = 0;
                }
                frame.CopyTo(buffer, used);
                used += frame.Length;
                inBuffer++;
            }
            if (used > 0) await _socket.SendAsync(buffer.AsMemory(0, used), WebSocketMessageType.Text, true, CancellationToken.None);
            written += inBuffer;
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException) { } // closed (or reset) by the server mid-flood
        var (errors, closed) = await reading.WaitAsync(TimeSpan.FromSeconds(60));
        return new FloodResult(errors, closed, written);
    }

    private async Task<(int, bool)> CountErrorsAsync()
    {
        var errors = 0;
        try
        {
            while (await ReadFrameAsync() is { } frame)
                if (frame.Contains("\"error\"", StringComparison.Ordinal) && frame.Contains("rate_limited", StringComparison.Ordinal)) errors++;
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException) { }
        return (errors, true);
    }

    private static string Frame(string id, string method, object[] arguments) =>
        JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }) + Separator;

    private Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next SignalR frame, or null when the server closed the socket.</summary>
    private async Task<string?> ReadFrameAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf(Separator);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 1);
                    return text[..end];
                }
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) return null;
                _pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
