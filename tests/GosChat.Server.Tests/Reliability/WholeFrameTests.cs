using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// Every WebSocket message the server sends holds whole SignalR frames: a frame longer than the outgoing buffer's chunk
/// (a resumed conversation's history, here) is not split across messages. A client takes a text message that ends
/// inside a UTF-8 character for a broken connection (browsers and .NET's ClientWebSocket close it), and SignalR's
/// JavaScript client refuses a message that ends inside a frame.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class WholeFrameTests(string storage) : ServerFixtureBase(storage)
{
    private const int Messages = 12;

    [Test]
    public async Task AResumedLongCyrillicHistory_ArrivesInWholeFrames_EachWebSocketMessageEndingAFrame()
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Вопрос о заявлении", "ru", null, null, null, null, null));
        // Odd lengths of two-byte letters after ASCII ids, so 16 KB boundaries fall inside characters.
        for (var i = 0; i < Messages; i++)
            await citizen.InvokeAsync<SendResult>("SendMessage", $"{i}:" + new string('я', 2999 + i), $"c{i}");

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(Server.Url("hubs/chat")) { Scheme = "ws" }.Uri, CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e");
        await SendAsync(socket, JsonSerializer.Serialize(new { type = 1, invocationId = "resume", target = "ResumeSession", arguments = new[] { started.ResumeToken } }) + "\u001e");

        // Read whole WebSocket messages until the completion of ResumeSession has arrived.
        var messages = new List<byte[]>();
        var text = new StringBuilder();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!text.ToString().Contains("\"invocationId\":\"resume\"", StringComparison.Ordinal))
        {
            var message = await ReceiveMessageAsync(socket, stop.Token);
            messages.Add(message);
            text.Append(Encoding.UTF8.GetString(message));
        }

        Assert.That(messages, Has.All.Matches<byte[]>(m => m.Length > 0 && m[^1] == 0x1e), "each WebSocket message ends a frame");
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        Assert.That(() => messages.ForEach(m => strict.GetString(m)), Throws.Nothing, "each WebSocket message is valid UTF-8 on its own");
        var resumed = text.ToString().Split('\u001e').Single(f => f.Contains("\"invocationId\":\"resume\"", StringComparison.Ordinal));
        Assert.That(resumed.Length, Is.GreaterThan(32 * 1024), "the history is longer than the server's 16 KB chunks");
        for (var i = 0; i < Messages; i++)
            Assert.That(resumed, Does.Contain($"{i}:" + new string('я', 2999 + i)), $"message {i} intact");
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<byte[]> ReceiveMessageAsync(ClientWebSocket socket, CancellationToken stop)
    {
        // The bytes of one message as sent (ClientWebSocket itself gives up on one that ends inside a character, as
        // browsers do; the test checks each message's bytes as well).
        using var message = new MemoryStream();
        var buffer = new byte[8 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, stop);
            if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("the server closed the connection");
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return message.ToArray();
        }
    }
}
