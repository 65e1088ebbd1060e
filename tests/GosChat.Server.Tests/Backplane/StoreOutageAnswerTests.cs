using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Backplane;

/// <summary>While Redis is down a node says so: 503 problem details over HTTP, a retryable <c>store_unavailable</c> in the hubs.</summary>
public sealed class StoreOutageAnswerTests
{
    [Test]
    public async Task DuringARedisOutage_StatusIs503_AndHubCallsSayStoreUnavailable_ThenBothRecover()
    {
        using var redis = RedisServer.Start(appendOnly: true); // what was stored survives the outage
        await using var server = await GosChatServer.StartAsync(redis.ConnectionString);
        await using var citizen = await server.CitizenAsync();
        var request = new StartSessionRequest("101", "Вопрос", "ru", null, null, null, null, null);
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", request);

        redis.Kill();

        var status = await server.Http.GetAsync("api/status");
        Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(status.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("store_unavailable"));
        var refused = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", "во время сбоя", "c1"));
        Assert.That(refused!.Message, Does.Contain("store_unavailable"));

        redis.Run();
        await Eventually.AssertAsync(async () => (await server.Http.GetAsync("api/status")).StatusCode == HttpStatusCode.OK, "status recovers",
            TimeSpan.FromSeconds(60));
        // The client comes back (its connection may have dropped meanwhile), resumes and retries with the same client
        // message id: the message is stored once.
        await using var again = await server.CitizenAsync();
        await again.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
        await again.InvokeAsync<SendResult>("SendMessage", "во время сбоя", "c1");
        await again.InvokeAsync<SendResult>("SendMessage", "во время сбоя", "c1");
        var messages = await again.InvokeAsync<IReadOnlyList<MessageDto>>("GetMessages", 0L);
        Assert.That(messages.Count(m => m.ClientMessageId == "c1"), Is.EqualTo(1));
        Assert.That(started.SessionId, Is.Not.Empty);
    }
}
