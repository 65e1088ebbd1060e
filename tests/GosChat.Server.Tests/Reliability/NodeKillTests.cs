using GosChat.Server.Connections;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// The citizen's node dies in the middle of a conversation: every connection to it (its clients' sockets and its Redis
/// link) is cut at the same instant, with no close frame and no drain, as when the process is killed. The citizen's
/// client comes back on the other node, resumes and resends what was not acknowledged; everything that was
/// acknowledged on either side is shown once on the other. Two real nodes, a real redis-server, real WebSockets.
/// </summary>
[NonParallelizable]
public sealed class NodeKillTests
{
    [Test]
    public async Task CitizensNodeKilled_MidConversation_EverythingAckedIsShownOnceAfterTheClientMovesToTheOtherNode()
    {
        using var redis = RedisServer.Start();
        using var redisOfA = new TcpGate(redis.Port);
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var a = await GosChatServer.StartAsync(redisOfA.RedisConnectionString, TwoNodeConversation.Settings(), clock);
        await using var b = await GosChatServer.StartAsync(redis.ConnectionString, TwoNodeConversation.Settings(), clock);
        using var toA = new TcpGate(a.BaseAddress.Port);
        var balancer = new NodeBalancer(new Uri($"http://127.0.0.1:{toA.Port}/"), b.BaseAddress);
        await using var citizen = await ResyncingCitizen.StartAsync(a.Url("hubs/chat"), "101", balancer);
        await using var console = await ResyncingConsole.AcceptAsync(b.Url("hubs/operator"), await b.LoginAsync("op101"), citizen.SessionId,
            new NodeBalancer(b.BaseAddress));
        await using var talk = TwoNodeConversation.Run(a, b, citizen, console, ownsNodes: false);
        Assert.That(a.Services.GetRequiredService<LocalConnections>().Count, Is.EqualTo(1), "the citizen is on node A");
        await talk.TalkAsync(20);

        // Node A dies: its clients' sockets and its Redis link go at once.
        toA.Close();
        redisOfA.Close();
        await Eventually.AssertAsync(() => citizen.Reconnects >= 1, "the citizen's client reconnects (to node B)", TimeSpan.FromSeconds(60));
        await talk.TalkAsync(20);
        var tally = await talk.StopAndTallyAsync();
        await a.DisposeAsync();

        TestContext.Out.WriteLine($"The citizen's node killed mid-conversation: {tally}; " +
                                  $"{talk.CitizenSends.Failures} citizen sends failed and were retried");
        Assert.That(b.Services.GetRequiredService<LocalConnections>().Count, Is.EqualTo(2), "both clients are on node B now");
        Assert.That(tally.Lost, Is.Zero);
        Assert.That(tally.Duplicated, Is.Zero);
        Assert.That(tally.ShownOnce, Is.EqualTo(tally.Acked));
    }
}
