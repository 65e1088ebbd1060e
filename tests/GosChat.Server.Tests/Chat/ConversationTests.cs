using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;
using System.Net.Http.Json;
using System.Text.Json;

namespace GosChat.Server.Tests.Chat;

/// <summary>
/// The whole citizen ↔ operator flow through the real server, real WebSockets, on each store; also with the
/// server's clock years ahead of and years behind the real date, so sign-in, cookies and tokens are proven to
/// follow the application clock, not the machine's.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
[TestFixture("embedded", "2039-11-21")]
[TestFixture("redis", "2039-11-21")]
[TestFixture("embedded", "2020-03-16")]
[TestFixture("redis", "2020-03-16")]
public sealed class ConversationTests(string storage, string? monday = null) : ServerFixtureBase(storage, monday)
{
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:OfferTimeout"] = "00:00:20",
        ["GosChat:DisconnectGrace"] = "00:01:00",
    };

    private static StartSessionRequest Request(string? topic = "101", string? text = null, string? language = "ru", string? kind = null) =>
        new(topic, text, language, kind, null, null, null, null);

    [Test]
    public async Task Status_ReportsFourQueues_OnlineWhenAnOperatorIsAvailable()
    {
        var before = await Server.Http.GetFromJsonAsync<JsonElement>("api/status");
        Assert.That(before.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Moscow"));
        Assert.That(before.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
        Assert.That(before.GetProperty("queues")[0].GetProperty("state").GetString(), Is.EqualTo("waiting"));

        var op = await Operator("op101");
        await op.InvokeAsync("SetPresence", "available");

        await Eventually.AssertAsync(async () =>
        {
            var after = await Server.Http.GetFromJsonAsync<JsonElement>("api/status");
            return after.GetProperty("queues")[0].GetProperty("state").GetString() == "online"
                   && after.GetProperty("queues")[1].GetProperty("state").GetString() == "waiting";
        }, "queue 101 online, 102 waiting");
    }

    [Test]
    public async Task CitizenAndOperator_CompleteAConversation_FromStartToClose()
    {
        var op = await Operator("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        var opMessages = op.Inbox<MessageDto>("Message");
        var opClosed = op.Inbox<SessionClosedDto>("SessionClosed");
        await op.InvokeAsync("SetPresence", "available");

        var citizen = await Citizen();
        var joined = citizen.Inbox<OperatorJoinedDto>("OperatorJoined");
        var citizenMessages = citizen.Inbox<MessageDto>("Message");
        var closed = citizen.Inbox<SessionClosedDto>("SessionClosed");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request(topic: null, text: "Не могу войти в личный кабинет, забыл пароль"));

        Assert.That(started.Queue, Is.EqualTo("101"), "topic detected from the text");
        Assert.That(started.Ticket, Does.Match("^3[0-9]{8}$"));
        Assert.That(started.State, Is.EqualTo("queued"));
        Assert.That(started.Position, Is.EqualTo(1));
        Assert.That(started.ResumeToken, Has.Length.GreaterThan(20));

        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(offer.Channel, Is.EqualTo("chat"));
        Assert.That(offer.Ticket, Is.EqualTo(started.Ticket));
        Assert.That(offer.Preview, Does.Contain("пароль"));
        Assert.That(offer.ExpiresAt, Is.EqualTo(Start + Duration.FromSeconds(20)));

        var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        Assert.That(snapshot.State, Is.EqualTo("active"));
        Assert.That(snapshot.Messages.Select(m => m.Text), Does.Contain("Не могу войти в личный кабинет, забыл пароль"));
        Assert.That((await joined.WaitAsync()).OperatorName, Is.EqualTo("Анна (техподдержка)"));

        var reply = await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте! Помогу восстановить доступ.", "op-1");
        var got = await citizenMessages.WaitAsync(m => m.MessageId == reply.MessageId);
        Assert.That(got.From, Is.EqualTo("operator"));
        Assert.That(got.Text, Is.EqualTo("Здравствуйте! Помогу восстановить доступ."));

        var answer = await citizen.InvokeAsync<SendResult>("SendMessage", "Спасибо, жду", "c-1");
        var atOperator = await opMessages.WaitAsync(m => m.MessageId == answer.MessageId);
        Assert.That(atOperator.From, Is.EqualTo("citizen"));
        Assert.That(atOperator.SessionId, Is.EqualTo(started.SessionId));

        await op.InvokeAsync("CloseSession", started.SessionId, "Доступ восстановлен");
        Assert.That((await closed.WaitAsync()).Ticket, Is.EqualTo(started.Ticket));
        Assert.That((await opClosed.WaitAsync()).SessionId, Is.EqualTo(started.SessionId));

        await citizen.InvokeAsync("Rate", 5, "Быстро и вежливо");
        var stored = await Server.Centre.Store.GetSessionAsync(started.SessionId);
        Assert.That(stored!.Rating, Is.EqualTo(5));
        Assert.That(stored.Resolution, Is.EqualTo("Доступ восстановлен"));
    }

    [Test]
    public async Task Resume_FromANewConnection_ReturnsHistory_AndRebindsEvents()
    {
        var (op, offers) = await AvailableOperator("op102");
        var first = await Citizen();
        var started = await first.InvokeAsync<SessionStartedDto>("StartSession", Request(topic: "102", text: "Нужна справка"));
        var offer = await offers.WaitAsync();
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await first.InvokeAsync<SendResult>("SendMessage", "Справка о несудимости", "c-1");
        await first.DisposeAsync();

        var second = await Citizen();
        var messages = second.Inbox<MessageDto>("Message");
        var snapshot = await second.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);

        Assert.That(snapshot.SessionId, Is.EqualTo(started.SessionId));
        Assert.That(snapshot.Ticket, Is.EqualTo(started.Ticket));
        Assert.That(snapshot.State, Is.EqualTo("active"));
        Assert.That(snapshot.OperatorName, Is.EqualTo("Борис (заявления)"));
        Assert.That(snapshot.Messages.Select(m => m.Text), Is.EqualTo(new[] { "Нужна справка", "Справка о несудимости" }));

        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Готовлю ответ", "op-1");
        Assert.That((await messages.WaitAsync()).Text, Is.EqualTo("Готовлю ответ"));
        // The resumed connection acts on the same session.
        await second.InvokeAsync<SendResult>("SendMessage", "Спасибо", "c-2");
        Assert.That((await Server.Centre.Messages.GetAsync(started.SessionId)).Select(m => m.Text), Does.Contain("Спасибо"));
    }

    [Test]
    public async Task SendMessage_WithTheSameClientMessageId_StoresOnce_AndReturnsTheFirstAnswer()
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var first = await citizen.InvokeAsync<SendResult>("SendMessage", "Первое", "same-id");
        var again = await citizen.InvokeAsync<SendResult>("SendMessage", "Первое", "same-id");

        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(again.SentAt, Is.EqualTo(first.SentAt));
        Assert.That(await Server.Centre.Messages.GetAsync(started.SessionId), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Offer_NotAcceptedInTime_GoesToTheNextOperator()
    {
        var first = await Operator("op101");
        var firstOffers = first.Inbox<OfferDto>("Offer");
        var revoked = first.Inbox<OfferRevokedDto>("OfferRevoked");
        await first.InvokeAsync("SetPresence", "available");
        Server.Clock.AdvanceSeconds(5);
        var (second, secondOffers) = await AvailableOperator("senior");

        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var offer = await firstOffers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(secondOffers.All, Is.Empty, "one offer at a time, to the operator idle longest");

        Server.Clock.AdvanceSeconds(21);

        Assert.That((await revoked.WaitAsync()).OfferId, Is.EqualTo(offer.OfferId));
        var next = await secondOffers.WaitAsync(o => o.SessionId == started.SessionId);
        var error = Assert.ThrowsAsync<HubException>(() => first.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId));
        Assert.That(error!.Message, Does.Contain("offer_gone"));
        var snapshot = await second.InvokeAsync<SessionSnapshotDto>("AcceptOffer", next.OfferId);
        Assert.That(snapshot.State, Is.EqualTo("active"));
    }

    [Test]
    public async Task DeclinedOffer_GoesToTheNextOperator_AndNotBackToTheDecliner()
    {
        var (first, firstOffers) = await AvailableOperator("op103");
        Server.Clock.AdvanceSeconds(5);
        var (second, secondOffers) = await AvailableOperator("senior");

        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request(topic: "103"));
        var offer = await firstOffers.WaitAsync();
        await first.InvokeAsync("DeclineOffer", offer.OfferId);

        var next = await secondOffers.WaitAsync(o => o.SessionId == started.SessionId);
        await second.InvokeAsync("DeclineOffer", next.OfferId);
        // Both declined: a sweep (with its dispatch pass) during the cool-down offers it to nobody.
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Offers, Is.Empty);
        Assert.That(firstOffers.All, Has.Count.EqualTo(1));
        Assert.That(secondOffers.All, Has.Count.EqualTo(1));
        Assert.That((await Server.Centre.Store.GetSessionAsync(started.SessionId))!.State, Is.EqualTo(Domain.Sessions.SessionState.Queued));
    }

    [Test]
    public async Task OperatorDisconnect_PassesPendingOfferOnAtOnce_AndReturnsActiveSessionsAfterGrace()
    {
        var (leaving, leavingOffers) = await AvailableOperator("op101");
        var citizenA = await Citizen();
        var a = await citizenA.InvokeAsync<SessionStartedDto>("StartSession", Request(text: "Первый вопрос"));
        var offerA = await leavingOffers.WaitAsync(o => o.SessionId == a.SessionId);
        await leaving.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offerA.OfferId);
        await leaving.InvokeAsync<SendResult>("SendMessage", a.SessionId, "Смотрю", "op-1");

        var citizenB = await Citizen();
        var b = await citizenB.InvokeAsync<SessionStartedDto>("StartSession", Request(text: "Второй вопрос"));
        await leavingOffers.WaitAsync(o => o.SessionId == b.SessionId);

        var (staying, stayingOffers) = await AvailableOperator("senior");
        await DropAsync(leaving);

        // The pending offer moves at once; the active session stays during the grace period.
        await stayingOffers.WaitAsync(o => o.SessionId == b.SessionId);
        Server.Clock.AdvanceSeconds(30);
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That((await Server.Centre.Store.GetSessionAsync(a.SessionId))!.State, Is.EqualTo(Domain.Sessions.SessionState.Active));

        // Past the grace period it returns to the head of the queue with its history.
        Server.Clock.AdvanceSeconds(31);
        await Eventually.AssertAsync(async () =>
            (await Server.Centre.Store.GetSessionAsync(a.SessionId))!.State != Domain.Sessions.SessionState.Active, "session returned");
        // The return is committed first and its system message written after it: wait for that message too.
        SessionSnapshotDto view = null!;
        await Eventually.AssertAsync(async () =>
        {
            view = await citizenA.InvokeAsync<SessionSnapshotDto>("ResumeSession", a.ResumeToken);
            return view.Messages.Count > 0 && view.Messages.Last().From == "system";
        }, "the returned session's system message");
        Assert.That(view.Messages.Select(m => m.Text), Is.SupersetOf(new[] { "Первый вопрос", "Смотрю" }));
        Assert.That(view.Messages.Last().From, Is.EqualTo("system"));
        var stored = await Server.Centre.Store.GetSessionAsync(a.SessionId);
        Assert.That(stored!.Priority, Is.GreaterThan(0), "returned sessions go to the head of the queue");
    }
    [Test]
    public async Task WaitingCitizens_AreToldTheirPosition_WhenItChanges()
    {
        var first = await Citizen();
        var a = await first.InvokeAsync<SessionStartedDto>("StartSession", Request(topic: "102"));
        var second = await Citizen();
        var updates = second.Inbox<QueueUpdateDto>("QueueUpdate");
        var b = await second.InvokeAsync<SessionStartedDto>("StartSession", Request(topic: "102"));
        Assert.That((a.Position, b.Position), Is.EqualTo((1, 2)));
        Assert.That(b.EstimatedWaitSeconds, Is.GreaterThan(a.EstimatedWaitSeconds));

        var (op, offers) = await AvailableOperator("op102");
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == a.SessionId)).OfferId);

        // The operator has room for more: the second session is offered; until then it is told it is first, with no
        // wait to speak of (a free slot of an available operator is its own).
        var update = await updates.WaitAsync(u => u.Position == 1);
        Assert.That(update.EstimatedWaitSeconds, Is.Zero);
        await offers.WaitAsync(o => o.SessionId == b.SessionId);
    }
}
