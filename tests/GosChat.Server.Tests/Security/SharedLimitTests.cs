using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>With Redis, an address's limits are counted once for all nodes: moving to another node gains nothing.</summary>
public sealed class SharedLimitTests
{
    [Test]
    public async Task StartsPerAddress_AreCountedAcrossNodes()
    {
        using var redis = RedisServer.Start();
        var settings = new Dictionary<string, string?> { ["GosChat:Limits:StartSessionPerAddress:Limit"] = "2" };
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var a = await GosChatServer.StartAsync(redis.ConnectionString, settings, clock);
        await using var b = await GosChatServer.StartAsync(redis.ConnectionString, settings, clock);
        var request = new StartSessionRequest("101", "Вопрос", "ru", null, null, null, null, null);

        await using var onA = await a.CitizenAsync();
        await onA.InvokeAsync<SessionStartedDto>("StartSession", request);
        await using var onB = await b.CitizenAsync();
        await onB.InvokeAsync<SessionStartedDto>("StartSession", request);
        await using var againOnA = await a.CitizenAsync();

        var refused = Assert.ThrowsAsync<HubException>(() => againOnA.InvokeAsync<SessionStartedDto>("StartSession", request));
        Assert.That(refused!.Message, Does.Contain("rate_limited:").And.Contain("address"));
    }
}
