using System.Diagnostics;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Backplane;

/// <summary>What a node on the package backplane does when Redis goes away, comes back, or is not there at start.</summary>
[TestFixture]
public sealed class RedisOutageTests
{
    /// <summary>StackExchange.Redis gives up on a command after its 5 s timeout; this is the bound with room to spare.</summary>
    private static readonly TimeSpan FailsWithin = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Reconnects = TimeSpan.FromSeconds(60);

    [Test]
    public async Task DuringAnOutage_TheNodeAnswersItsClients_SendsToItsOwnConnectionsDirectly_AndEveryPublishFailsLoudly()
    {
        using var redis = RedisServer.Start();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString);
        await using var alice = await a.ConnectAsync("alice");
        await using var bob = await a.ConnectAsync("bob");
        await using var carol = await a.ConnectAsync("carol");
        await using var dave = await a.ConnectAsync("dave");
        await bob.Invoke("Join", "queue-101");
        await alice.Invoke("ToGroup", "queue-101", "before");
        await bob.ShouldReceive("before");

        redis.Kill();
        await Eventually.AssertAsync(() => !a.Multiplexer.IsConnected, "node A notices Redis is gone");

        Assert.That(await alice.Connection.InvokeAsync<string>("Echo", "still alive"), Is.EqualTo("still alive"));
        await alice.Invoke("ToConnection", bob.Id, "direct after");
        await bob.ShouldReceive("direct after");
        // Even when every recipient is on this node, a send to all, a group or a user goes through Redis.
        await Task.WhenAll(
            FailsLoudly(() => alice.Invoke("ToAll", "all after")),
            FailsLoudly(() => carol.Invoke("ToGroup", "queue-101", "group after")),
            FailsLoudly(() => dave.Invoke("ToUser", "bob", "user after")),
            FailsLoudly(() => bob.Invoke("Join", "queue-102"))); // a group no connection of this node is in yet needs a SUBSCRIBE
    }

    [Test]
    public async Task CrossNodeDelivery_Resumes_WhenRedisComesBack()
    {
        using var redis = RedisServer.Start();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString);
        await using var b = await BackplaneNode.StartAsync("B", redis.ConnectionString);
        await using var onA = await a.ConnectAsync("alice");
        await using var onB = await b.ConnectAsync("bob");
        await using var laterMember = await b.ConnectAsync();
        await onB.Invoke("Join", "queue-101");
        await onA.Invoke("ToAll", "before");
        await onB.ShouldReceive("before");

        redis.Kill();
        await Eventually.AssertAsync(() => !a.Multiplexer.IsConnected && !b.Multiplexer.IsConnected, "both nodes notice Redis is gone");
        // Node B already listens to queue-101, so joining it needs no Redis.
        await laterMember.Invoke("Join", "queue-101");
        redis.Run();
        await Eventually.AssertAsync(() => a.Multiplexer.IsConnected && b.Multiplexer.IsConnected, "both nodes reconnect", Reconnects);

        await SendUntilReceived(() => onA.Invoke("ToAll", "all resumed"), onB, "all resumed");
        await SendUntilReceived(() => onA.Invoke("ToGroup", "queue-101", "group resumed"), onB, "group resumed");
        await laterMember.ShouldReceive("group resumed");
        await SendUntilReceived(() => onA.Invoke("ToUser", "bob", "user resumed"), onB, "user resumed");
        await SendUntilReceived(() => onB.Invoke("ToConnection", onA.Id, "direct resumed"), onA, "direct resumed");
    }

    [Test]
    public async Task NodeStartedWhileRedisIsDown_RefusesClients_ThenJoinsTheOthersOnceRedisIsUp()
    {
        using var redis = RedisServer.NotStarted();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString);
        var refused = Stopwatch.StartNew();
        await Assert.ThatAsync(async () => await a.ConnectAsync(), Throws.Exception, "no client is accepted before the backplane has Redis");
        Assert.That(refused.Elapsed, Is.LessThan(FailsWithin));

        redis.Run();
        await Eventually.AssertAsync(() => a.Multiplexer.IsConnected, "node A connects to Redis", Reconnects);
        await using var b = await BackplaneNode.StartAsync("B", redis.ConnectionString);
        await using var onA = await a.ConnectAsync();
        await using var onB = await b.ConnectAsync();
        await onA.Invoke("Join", "early");

        // Broadcasts and remote group changes ride node-wide channels, which node A subscribes only once it has Redis.
        await SendUntilReceived(() => onB.Invoke("ToAll", "all from B"), onA, "all from B");
        await SendUntilReceived(() => onB.Invoke("ToGroup", "early", "group from B"), onA, "group from B");
        var added = Stopwatch.StartNew();
        await onB.Invoke("AddToGroup", onA.Id, "added-by-B"); // waits for node A's ack
        Assert.That(added.Elapsed, Is.LessThan(FailsWithin));
        await onB.Invoke("ToGroup", "added-by-B", "welcome");
        await onA.ShouldReceive("welcome");
    }

    [Test]
    public async Task RemoteGroupChange_ForAConnectionNoNodeHas_FailsOnceThePackagesAckWaitRunsOut()
    {
        using var redis = RedisServer.Start();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString);
        await using var onA = await a.ConnectAsync();
        var asked = Stopwatch.StartNew();

        // The package publishes the change for every node and waits for an ack that never comes (30–35 s).
        await Assert.ThatAsync(async () => await onA.Invoke("AddToGroup", "no-such-connection", "g"), Throws.InstanceOf<HubException>());

        Assert.That(asked.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(25)).And.LessThan(TimeSpan.FromSeconds(60)));
    }

    private static async Task FailsLoudly(Func<Task> invocation)
    {
        var started = Stopwatch.StartNew();
        await Assert.ThatAsync(async () => await invocation(),
            Throws.InstanceOf<HubException>().With.Message.Contains(nameof(StackExchange.Redis.RedisConnectionException)));
        Assert.That(started.Elapsed, Is.LessThan(FailsWithin));
    }

    /// <summary>
    /// Sends until <paramref name="receiver"/> has <paramref name="text"/>: right after Redis returns, a send may still
    /// fail or reach a channel whose subscription is being restored.
    /// </summary>
    private static Task SendUntilReceived(Func<Task> send, Probe receiver, string text) =>
        Eventually.AssertAsync(async () =>
        {
            if (receiver.Received.Contains(text)) return true;
            try
            {
                await send();
            }
            catch (HubException)
            {
                return false;
            }
            return await Eventually.TrueAsync(() => receiver.Received.Contains(text), TimeSpan.FromSeconds(2));
        }, $"'{text}' reaches the client on node {receiver.Node}", Reconnects);
}
