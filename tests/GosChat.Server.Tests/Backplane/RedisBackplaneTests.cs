using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>Two nodes sharing one real redis-server through the package backplane; clients on different nodes reach each other.</summary>
[TestFixture]
public sealed class RedisBackplaneTests
{
    private RedisServer _redis = null!;
    private BackplaneNode _a = null!;
    private BackplaneNode _b = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _redis = RedisServer.Start();
        _a = await BackplaneNode.StartAsync("A", _redis.ConnectionString);
        _b = await BackplaneNode.StartAsync("B", _redis.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _redis.Dispose();
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task SendAll_ReachesClientsOnBothNodes()
    {
        await using var onA = await _a.ConnectAsync();
        await using var onB = await _b.ConnectAsync();
        var text = Unique("all");

        await onA.Invoke("ToAll", text);

        await onA.ShouldReceive(text);
        await onB.ShouldReceive(text);
        await onA.Flush(onA);
        Assert.That(onA.Count(text), Is.EqualTo(1), "the sending node delivers its own copy once");
        await onB.Flush(onA);
        Assert.That(onB.Count(text), Is.EqualTo(1));
    }

    [Test]
    public async Task SendAllExcept_SkipsAnExcludedClientOnTheOtherNode()
    {
        await using var sender = await _a.ConnectAsync();
        await using var excluded = await _b.ConnectAsync();
        await using var included = await _b.ConnectAsync();
        var text = Unique("except");

        await sender.Invoke("ToAllExcept", new[] { excluded.Id }, text);

        await included.ShouldReceive(text);
        await sender.ShouldReceive(text);
        await excluded.Flush(sender);
        Assert.That(excluded.Received, Does.Not.Contain(text));
    }

    [Test]
    public async Task Others_SkipsOnlyTheCaller()
    {
        await using var caller = await _a.ConnectAsync();
        await using var sameNode = await _a.ConnectAsync();
        await using var otherNode = await _b.ConnectAsync();
        var text = Unique("others");

        await caller.Invoke("ToOthers", text);

        await sameNode.ShouldReceive(text);
        await otherNode.ShouldReceive(text);
        await caller.Flush(caller);
        Assert.That(caller.Received, Does.Not.Contain(text));
    }

    [Test]
    public async Task SendConnection_ReachesAConnectionOnTheOtherNode()
    {
        await using var sender = await _a.ConnectAsync();
        await using var target = await _b.ConnectAsync();
        await using var bystander = await _b.ConnectAsync();
        var text = Unique("direct");

        await sender.Invoke("ToConnection", target.Id, text);

        await target.ShouldReceive(text);
        await bystander.Flush(sender);
        Assert.That(bystander.Received, Does.Not.Contain(text));
    }

    [Test]
    public async Task SendConnections_ReachesLocalAndRemoteConnections()
    {
        await using var sender = await _a.ConnectAsync();
        await using var local = await _a.ConnectAsync();
        await using var remote = await _b.ConnectAsync();
        var text = Unique("many");

        await sender.Invoke("ToConnections", new[] { local.Id, remote.Id, "no-such-connection" }, text);

        await local.ShouldReceive(text);
        await remote.ShouldReceive(text);
    }

    [Test]
    public async Task Group_MembershipAddedOnNodeA_ForAConnectionOnNodeB_DeliversFromBothNodes()
    {
        await using var onA = await _a.ConnectAsync();
        await using var member = await _b.ConnectAsync();
        await using var senderOnB = await _b.ConnectAsync();
        var group = Unique("queue");

        await onA.Invoke("AddToGroup", member.Id, group); // returns after node B acknowledged
        await onA.Invoke("ToGroup", group, "from A");
        await senderOnB.Invoke("ToGroup", group, "from B");

        await member.ShouldReceive("from A");
        await member.ShouldReceive("from B");
        await onA.Flush(onA);
        Assert.That(onA.Received, Has.None.StartsWith("from"));
    }

    [Test]
    public async Task Group_RemovalOnNodeA_ForAConnectionOnNodeB_StopsDelivery()
    {
        await using var onA = await _a.ConnectAsync();
        await using var member = await _b.ConnectAsync();
        var group = Unique("queue");
        await member.Invoke("Join", group);

        await onA.Invoke("RemoveFromGroup", member.Id, group);
        await onA.Invoke("ToGroup", group, "after removal");

        await member.Flush(onA);
        Assert.That(member.Received, Does.Not.Contain("after removal"));
    }

    [Test]
    public async Task GroupNamesWithGlobCharacters_AreLiteral_NotPatterns()
    {
        await using var sender = await _a.ConnectAsync();
        await using var member = await _b.ConnectAsync();
        var prefix = Unique("q");
        await member.Invoke("Join", prefix + "-*");

        await sender.Invoke("ToGroup", prefix + "-x", "pattern would match");
        await sender.Invoke("ToGroup", prefix + "-*", "literal");

        await member.ShouldReceive("literal");
        Assert.That(member.Received, Does.Not.Contain("pattern would match"));
    }

    [Test]
    public async Task GroupExcept_AndOthersInGroup_SkipTheGivenConnections()
    {
        await using var sender = await _a.ConnectAsync();
        await using var memberA = await _a.ConnectAsync();
        await using var memberB1 = await _b.ConnectAsync();
        await using var memberB2 = await _b.ConnectAsync();
        var group = Unique("g");
        foreach (var p in new[] { sender, memberA, memberB1, memberB2 }) await p.Invoke("Join", group);

        await sender.Invoke("ToGroupExcept", group, new[] { memberB1.Id, memberA.Id }, "except");
        await sender.Invoke("ToOthersInGroup", group, "others");

        await memberB2.ShouldReceive("except");
        await sender.ShouldReceive("except");
        await memberB1.ShouldReceive("others");
        await memberA.ShouldReceive("others");
        await memberB2.ShouldReceive("others");
        await memberB1.Flush(sender);
        await memberA.Flush(sender);
        await sender.Flush(sender);
        Assert.That(memberB1.Received, Does.Not.Contain("except"));
        Assert.That(memberA.Received, Does.Not.Contain("except"));
        Assert.That(sender.Received, Does.Not.Contain("others"));
    }

    [Test]
    public async Task SendGroups_ReachesMembersOfEachGroupOnEitherNode()
    {
        await using var sender = await _a.ConnectAsync();
        await using var inFirst = await _b.ConnectAsync();
        await using var inSecond = await _a.ConnectAsync();
        await using var inNeither = await _b.ConnectAsync();
        var first = Unique("g1");
        var second = Unique("g2");
        await inFirst.Invoke("Join", first);
        await inSecond.Invoke("Join", second);

        await sender.Invoke("ToGroups", new[] { first, second }, "groups");

        await inFirst.ShouldReceive("groups");
        await inSecond.ShouldReceive("groups");
        await inNeither.Flush(sender);
        Assert.That(inNeither.Received, Does.Not.Contain("groups"));
    }

    [Test]
    public async Task SendUser_ReachesEveryConnectionOfTheUser_OnBothNodes()
    {
        var alice = Unique("alice");
        var bob = Unique("bob");
        await using var aliceOnA = await _a.ConnectAsync(alice);
        await using var aliceOnB = await _b.ConnectAsync(alice);
        await using var bobOnB = await _b.ConnectAsync(bob);

        await bobOnB.Invoke("ToUser", alice, "hi alice");

        await aliceOnA.ShouldReceive("hi alice");
        await aliceOnB.ShouldReceive("hi alice");
        await bobOnB.Flush(bobOnB);
        Assert.That(bobOnB.Received, Does.Not.Contain("hi alice"));
    }

    [Test]
    public async Task SendUsers_ReachesEachListedUser()
    {
        var alice = Unique("alice");
        var bob = Unique("bob");
        var carol = Unique("carol");
        await using var aliceOnA = await _a.ConnectAsync(alice);
        await using var bobOnB = await _b.ConnectAsync(bob);
        await using var carolOnB = await _b.ConnectAsync(carol);

        await aliceOnA.Invoke("ToUsers", new[] { alice, bob }, "users");

        await aliceOnA.ShouldReceive("users");
        await bobOnB.ShouldReceive("users");
        await carolOnB.Flush(aliceOnA);
        Assert.That(carolOnB.Received, Does.Not.Contain("users"));
    }

    [Test]
    public async Task GroupMessages_FromOneNode_ArriveInOrderOnTheOther()
    {
        await using var sender = await _a.ConnectAsync();
        await using var member = await _b.ConnectAsync();
        var group = Unique("ordered");
        await sender.Invoke("AddToGroup", member.Id, group);

        await sender.Invoke("BurstToGroup", group, 200);

        await Eventually.AssertAsync(() => member.Received.Count == 200, "200 group messages on node B");
        Assert.That(member.Received, Is.EqualTo(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task EveryNode_SubscribesToTheHubsBroadcastChannel_UnderGosChatsChannelPrefix()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString); // no channel prefix of its own

        var subscribers = await Server(admin).SubscriptionSubscriberCountAsync(RedisChannel.Literal(BackplaneChannels.All));

        Assert.That(BackplaneChannels.All, Does.StartWith("goschat:v1:signalr:GosChat.Server.Tests.Backplane.BackplaneHub"));
        Assert.That(subscribers, Is.EqualTo(2), "nodes A and B");
    }

    [Test]
    public async Task LastMemberLeaving_UnsubscribesTheNodeFromTheGroupChannel()
    {
        var group = Unique("short-lived");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        Task<long> Subscribers() => Server(admin).SubscriptionSubscriberCountAsync(RedisChannel.Literal(BackplaneChannels.Group(group)));

        var member = await _b.ConnectAsync();
        await member.Invoke("Join", group);
        Assert.That(await Subscribers(), Is.EqualTo(1));

        await member.DisposeAsync();

        await Eventually.AssertAsync(async () => await Subscribers() == 0, "node B unsubscribes once its last member is gone");
    }

    [Test]
    public async Task DisconnectedClient_IsUnsubscribedFromItsConnectionAndUserChannels()
    {
        var dave = Unique("dave");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var probe = await _b.ConnectAsync(dave);
        var connection = RedisChannel.Literal(BackplaneChannels.Connection(probe.Id));
        var user = RedisChannel.Literal(BackplaneChannels.User(dave));
        Assert.That(await Server(admin).SubscriptionSubscriberCountAsync(connection), Is.EqualTo(1));
        Assert.That(await Server(admin).SubscriptionSubscriberCountAsync(user), Is.EqualTo(1));

        await probe.DisposeAsync();

        await Eventually.AssertAsync(
            async () => await Server(admin).SubscriptionSubscriberCountAsync(connection) == 0
                && await Server(admin).SubscriptionSubscriberCountAsync(user) == 0,
            "node B drops the channels of the gone connection");
    }

    [Test]
    public async Task ClientResults_WorkAcrossNodes()
    {
        await using var onA = await _a.ConnectAsync();
        await using var onB = await _b.ConnectAsync();

        var answer = await onA.Connection.InvokeAsync<string>(nameof(BackplaneHub.AskClient), onB.Id);

        Assert.That(answer, Is.EqualTo("answer from B"));
    }

    private static IServer Server(IConnectionMultiplexer multiplexer) => multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
}
