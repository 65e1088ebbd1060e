using GosChat.TestSupport;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// Pushes lost to a backplane gap reach the clients after all: a node whose Redis connection comes back tells its own
/// clients <c>Resync</c>, and they fetch by sequence number. Two real nodes, a real redis-server, real WebSockets.
/// </summary>
[NonParallelizable]
public sealed class BackplaneGapTests
{
    /// <summary>How long Redis (or one node's way to it) is gone each time: long enough for many messages to fall in the gap.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Reconnects = TimeSpan.FromSeconds(60);

    [Test]
    public async Task RedisRestarts_WhileACitizenAndAnOperatorOnTwoNodesTalk_EverythingAckedIsShownOnceOnTheOtherSide()
    {
        using var redis = RedisServer.Start(appendOnly: true); // acknowledged writes survive the kill
        await using var talk = await TwoNodeConversation.StartAsync(redis.ConnectionString, redis.ConnectionString);
        await talk.TalkAsync(20);

        for (var restart = 0; restart < 2; restart++)
        {
            redis.Kill();
            await Eventually.AssertAsync(() => !TwoNodeConversation.HasRedis(talk.A) && !TwoNodeConversation.HasRedis(talk.B), "both nodes notice Redis is gone");
            await Task.Delay(Outage); // the outage itself: the senders keep trying meanwhile
            redis.Run();
            await Eventually.AssertAsync(() => TwoNodeConversation.HasRedis(talk.A) && TwoNodeConversation.HasRedis(talk.B), "both nodes reconnect", Reconnects);
            await talk.TalkAsync(20);
        }
        var tally = await talk.StopAndTallyAsync();

        TestContext.Out.WriteLine($"Redis restarted twice ({Outage.TotalSeconds:F0} s each): {tally}; " +
                                  $"{talk.CitizenSends.Failures + talk.OperatorSends.Failures} sends failed and were retried");
        Assert.That(tally.Acked, Is.GreaterThan(80));
        Assert.That(tally.Resyncs, Is.GreaterThanOrEqualTo(4), "each node told its client to resync after each restart");
        Assert.That(tally.Lost, Is.Zero);
        Assert.That(tally.Duplicated, Is.Zero);
        Assert.That(tally.ShownOnce, Is.EqualTo(tally.Acked));
    }

    [Test]
    public async Task OneNodeCutOffRedis_WhileTheOtherPublishes_ItsClientGetsTheMissedMessagesThroughResync()
    {
        using var redis = RedisServer.Start();
        using var gateA = new TcpGate(redis.Port);
        using var gateB = new TcpGate(redis.Port);
        await using var talk = await TwoNodeConversation.StartAsync(gateA.RedisConnectionString, gateB.RedisConnectionString);
        await talk.TalkAsync(20);

        // Node B is cut off: the citizen's messages are stored and published by node A while B hears nothing.
        await CutAsync(talk, gateB, talk.B, () => talk.CitizenSends.Acked.Count);
        // And the other way round: the operator's messages, published by B, while node A hears nothing.
        await CutAsync(talk, gateA, talk.A, () => talk.OperatorSends.Acked.Count);
        var tally = await talk.StopAndTallyAsync();

        TestContext.Out.WriteLine($"Each node cut off Redis once ({Outage.TotalSeconds:F0} s): {tally}");
        Assert.That(talk.Console.Shown.Fetched, Is.Not.Empty, "the console missed pushes and fetched them");
        Assert.That(talk.Citizen.Shown.Fetched, Is.Not.Empty, "the citizen missed pushes and fetched them");
        Assert.That(talk.Console.Resyncs, Is.GreaterThanOrEqualTo(1));
        Assert.That(talk.Citizen.Resyncs, Is.GreaterThanOrEqualTo(1));
        Assert.That(tally.Lost, Is.Zero);
        Assert.That(tally.Duplicated, Is.Zero);
    }

    /// <summary>Cuts one node off Redis until the other side has had at least 10 messages acknowledged, then lets it back.</summary>
    private static async Task CutAsync(TwoNodeConversation talk, TcpGate gate, GosChatServer node, Func<int> otherSideAcked)
    {
        gate.Close();
        await Eventually.AssertAsync(() => !TwoNodeConversation.HasRedis(node), "the node notices it lost Redis");
        var before = otherSideAcked();
        await Eventually.AssertAsync(() => otherSideAcked() >= before + 10, "the other node goes on meanwhile");
        gate.Open();
        await Eventually.AssertAsync(() => TwoNodeConversation.HasRedis(node), "the node reconnects", Reconnects);
        await talk.TalkAsync(20);
    }
}
