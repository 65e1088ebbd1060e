using GosChat.Server.Api;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Chat;

/// <summary>Connected citizens are told when a queue opens or closes.</summary>
public sealed class QueueStatusPushTests
{
    [Test]
    public async Task Citizens_AreToldWhenQueuesClose_AndOpenAgain()
    {
        // Monday 19:59:50 Moscow time (16:59:50 UTC).
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 23, 16, 59, 50));
        await using var server = await GosChatServer.StartAsync(clock: clock);
        await using var supervisor = await server.OperatorAsync("supervisor");
        var stats = supervisor.Inbox<QueueStatsDto>("QueueStats");
        await using var citizen = await server.CitizenAsync();
        var statuses = citizen.Inbox<QueueStatusDto>("QueueStatus");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", null, null, null, null, null, null, null));
        Assert.That(started.State, Is.EqualTo("queued"));
        // A live-figures push with the new session proves the node's tick has seen the queues open.
        await stats.WaitAsync(s => s.Queues.Any(q => q.Id == "101" && q.Waiting == 1 && q.Open));

        clock.AdvanceSeconds(15); // 20:00:05
        var closed = await statuses.WaitAsync(s => s.Id == "101" && !s.Open);
        Assert.That(closed.State, Is.EqualTo("unavailable"));
        Assert.That(closed.NextChange, Is.EqualTo(Instant.FromUtc(2026, 11, 24, 5, 0)), "Tuesday 08:00 Moscow");

        clock.Reset(Instant.FromUtc(2026, 11, 24, 5, 0, 1));
        var opened = await statuses.WaitAsync(s => s.Id == "101" && s.Open);
        Assert.That(opened.NextChange, Is.EqualTo(Instant.FromUtc(2026, 11, 24, 17, 0)), "closes at 20:00 Moscow");
    }
}
