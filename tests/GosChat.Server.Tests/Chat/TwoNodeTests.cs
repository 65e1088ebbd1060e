using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

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
