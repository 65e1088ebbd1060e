using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Chat;

/// <summary>Two nodes on one Redis behave as one contact centre.</summary>
public sealed class TwoNodeTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp] public void StartRedis() => _redis = RedisServer.Start();
    [OneTimeTearDown] public void StopRedis() => _redis.Dispose();

    [Test]
    public async Task CitizenOnOneNode_AndOperatorOnAnother_TalkInRealTime()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var nodeA = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
        await using var nodeB = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);

        // A token issued by one node is accepted by the other (shared Data Protection keys).
        var token = await nodeA.LoginAsync("op104");
        await using var op = await GosChatServer.ConnectAsync(nodeB.Url("hubs/operator"), token);
        var offers = op.Inbox<OfferDto>("Offer");
        var opMessages = op.Inbox<MessageDto>("Message");
        await op.InvokeAsync("SetPresence", "available");

        await using var citizen = await nodeA.CitizenAsync();
        var joined = citizen.Inbox<OperatorJoinedDto>("OperatorJoined");
        var messages = citizen.Inbox<MessageDto>("Message");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(null, "У меня есть предложение по улучшению портала", "ru", null, null, null, null, null));
        Assert.That(started.Queue, Is.EqualTo("104"));

        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await joined.WaitAsync();
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Спасибо, передадим", "o-1");
        Assert.That((await messages.WaitAsync(m => m.From == "operator")).Text, Is.EqualTo("Спасибо, передадим"));
        await citizen.InvokeAsync<SendResult>("SendMessage", "Отлично", "c-1");
        Assert.That((await opMessages.WaitAsync(m => m.From == "citizen")).Text, Is.EqualTo("Отлично"));

        // The citizen resumes on the other node and still gets the operator's messages.
        await using var resumed = await nodeB.CitizenAsync();
        var resumedMessages = resumed.Inbox<MessageDto>("Message");
        var snapshot = await resumed.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
        Assert.That(snapshot.Messages, Has.Count.EqualTo(3));
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Ещё вопрос?", "o-2");
        Assert.That((await resumedMessages.WaitAsync()).Text, Is.EqualTo("Ещё вопрос?"));
    }

    [Test]
    public async Task ACitizensMessage_ReachesEveryTab_ThoseOnItsNodeDirectly_OthersThroughTheBackplane()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var nodeA = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
        await using var nodeB = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
        await using var op = await nodeA.OperatorAsync("op104");
        var offers = op.Inbox<OfferDto>("Offer");
        var opMessages = op.Inbox<MessageDto>("Message");
        await op.InvokeAsync("SetPresence", "available");

        await using var tab1 = await nodeA.CitizenAsync();
        var tab1Messages = tab1.Inbox<MessageDto>("Message");
        var tab1Typing = tab1.Inbox<CitizenTypingDto>("Typing");
        var started = await tab1.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(null, "У меня есть предложение по улучшению портала", "ru", null, null, null, null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);

        // Every publish to the session's group, as Redis hands it to any subscriber (the backplane's channel naming).
        using var watcher = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var groupPublishes = 0;
        await watcher.GetSubscriber().SubscribeAsync(StackExchange.Redis.RedisChannel.Pattern("*:group:" + ChatHub.Group(started.SessionId)),
            (_, _) => Interlocked.Increment(ref groupPublishes));

        // All its tabs on node A: the message reaches the tab and the operator with no publish to the group. The operator's
        // typing goes to the group (a publish), and Redis hands publishes on in order: once it is seen, an echo published
        // before it would have been seen too.
        await tab1.InvokeAsync<SendResult>("SendMessage", "Первое", "c-1");
        Assert.That((await tab1Messages.WaitAsync(m => m.Text == "Первое")).From, Is.EqualTo("citizen"));
        await opMessages.WaitAsync(m => m.Text == "Первое");
        await op.InvokeAsync("Typing", started.SessionId, true);
        await tab1Typing.WaitAsync(t => t.IsTyping);
        await Eventually.AssertAsync(() => Volatile.Read(ref groupPublishes) >= 1, "the typing's publish");
        Assert.That(Volatile.Read(ref groupPublishes), Is.EqualTo(1), "the message went to the tab directly");

        // A second tab on node A and a third on node B: the message reaches all three and the operator.
        await using var tab2 = await nodeA.CitizenAsync();
        var tab2Messages = tab2.Inbox<MessageDto>("Message");
        await tab2.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
        await using (var tab3 = await nodeB.CitizenAsync())
        {
            var tab3Messages = tab3.Inbox<MessageDto>("Message");
            await tab3.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
            await tab1.InvokeAsync<SendResult>("SendMessage", "Второе", "c-2");
            await tab1Messages.WaitAsync(m => m.Text == "Второе");
            await tab2Messages.WaitAsync(m => m.Text == "Второе");
            await tab3Messages.WaitAsync(m => m.Text == "Второе");
            await opMessages.WaitAsync(m => m.Text == "Второе");
            // The operator's message reaches the tab on node B as well.
            await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Ответ", "o-1");
            await tab3Messages.WaitAsync(m => m.Text == "Ответ");
        }

        // Node B's last tab gone, node B leaves the session's list, and node A's tabs are written directly again.
        var store = nodeA.Services.GetRequiredService<GosChat.Domain.Ports.IRoutingStore>();
        Assert.That(await Eventually.TrueAsync(async () => (await store.GetSessionAsync(started.SessionId))!.CitizenNodes.Count == 1),
            Is.True, "node B taken off the session's citizen nodes");
        var before = Volatile.Read(ref groupPublishes);
        await tab1.InvokeAsync<SendResult>("SendMessage", "Третье", "c-3");
        await tab1Messages.WaitAsync(m => m.Text == "Третье");
        await tab2Messages.WaitAsync(m => m.Text == "Третье");
        await op.InvokeAsync("Typing", started.SessionId, false);
        await tab1Typing.WaitAsync(t => !t.IsTyping);
        await Eventually.AssertAsync(() => Volatile.Read(ref groupPublishes) >= before + 1, "the typing's publish");
        Assert.That(Volatile.Read(ref groupPublishes), Is.EqualTo(before + 1), "the message went to both tabs directly");
    }

    [Test]
    public async Task TicketsFromTwoNodes_NeverRepeat()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var nodeA = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
        await using var nodeB = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
        // One citizen connection per start: a connection may start only a few sessions (docs/security.md).
        var citizens = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? nodeA : nodeB).CitizenAsync()));

        var tickets = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            citizens[i].InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest("101", null, null, i % 3 == 0 ? "complaint" : null, null, null, null, null))));

        Assert.That(tickets.Select(t => t.Ticket[1..]), Is.Unique);
        Assert.That(tickets.Where((_, i) => i % 3 == 0).Select(t => t.Ticket[0]), Has.All.EqualTo('2'));
        foreach (var citizen in citizens) await citizen.DisposeAsync();
    }
}
