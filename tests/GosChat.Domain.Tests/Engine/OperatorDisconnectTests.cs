using GosChat.Domain.Messages;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Engine;

public class OperatorDisconnectTests
{
    [Test]
    public async Task Disconnect_WithdrawsThePendingOfferAtOnce_WithoutMarkingTheOperator()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;

        await t.Operators.DisconnectedAsync("a", "conn-a");

        // Checked before any further dispatch or sweep: the withdrawal is part of the disconnect.
        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.EqualTo(new[] { new RecordingEvents.OfferRevoked("a", offer.Id) }));
        Assert.That(await t.Store.GetOfferAsync(offer.Id), Is.Null);
        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.State, Is.EqualTo(SessionState.Queued));
        Assert.That(stored.Declines, Is.Empty, "losing a connection is not a decline");
        var op = await t.OperatorAsync("a");
        Assert.That(op.PendingOfferId, Is.Null);
        Assert.That(op.DisconnectedAt, Is.EqualTo(t.Clock.GetCurrentInstant()));
    }

    [Test]
    public async Task Disconnect_OfTheOfferedOperator_SendsTheSessionToTheNextOperator()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();

        await t.Operators.DisconnectedAsync("a", "conn-a");
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Disconnect_OfOneOfSeveralConnections_KeepsTheOffer()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.Operators.ConnectedAsync(TestCentre.Account("a"), "second-tab");
        await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;

        await t.Operators.DisconnectedAsync("a", "conn-a");

        Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.EqualTo(offer.Id));
        Assert.That((await t.OperatorAsync("a")).DisconnectedAt, Is.Null);
        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.Empty);
    }

    [TestCase(1)]
    [TestCase(30)]
    [TestCase(59)]
    public async Task ActiveSessions_AreKept_DuringTheGracePeriod(int secondsGone)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Operators.DisconnectedAsync("a", "conn-a");

        t.Clock.AdvanceSeconds(secondsGone);
        await t.Dispatcher.SweepAsync();

        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.State, Is.EqualTo(SessionState.Active));
        Assert.That(stored.OperatorId, Is.EqualTo("a"));
        Assert.That((await t.OperatorAsync("a")).Work, Has.Count.EqualTo(1));
        Assert.That(t.Events.Of<RecordingEvents.SessionRequeued>(), Is.Empty);
    }

    [Test]
    public async Task ActiveSessions_ReturnToTheHeadOfTheQueue_AfterTheGracePeriod_WithASystemMessage_AndHistoryIntact()
    {
        var t = new TestCentre();
        var older = await t.StartAsync(language: "en", text: "waiting in English");
        t.Clock.AdvanceSeconds(1);
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a", text: "Не могу войти");
        await t.Operators.SendAsync("a", session.Id, "Сейчас посмотрю", "op-1");
        await t.Citizens.SendAsync(session.Id, "Спасибо", "c-1");
        t.Clock.AdvanceSeconds(5);
        await t.Operators.DisconnectedAsync("a", "conn-a");

        t.Clock.Advance(t.Options.DisconnectGrace);
        await t.Dispatcher.SweepAsync();

        var returned = await t.SessionAsync(session.Id);
        Assert.Multiple(() =>
        {
            Assert.That(returned.State, Is.EqualTo(SessionState.Queued));
            Assert.That(returned.Queue, Is.EqualTo("101"));
            Assert.That(returned.Ticket, Is.EqualTo(session.Ticket));
            Assert.That(returned.OperatorId, Is.Null);
            Assert.That(returned.Priority, Is.EqualTo(Priorities.Returned));
            Assert.That(returned.OrderAt, Is.EqualTo(session.CreatedAt));
        });
        Assert.That((await t.OperatorAsync("a")).Work, Is.Empty);
        Assert.That(t.Events.Of<RecordingEvents.SessionRequeued>().Select(e => (e.Session.Id, e.PreviousOperatorId)), Is.EqualTo(new[] { (session.Id, "a") }));

        var history = await t.Messages.GetAsync(session.Id);
        Assert.That(history.Select(m => (m.From, m.Text)), Is.EqualTo(new[]
        {
            (Senders.Citizen, "Не могу войти"),
            (Senders.Operator, "Сейчас посмотрю"),
            (Senders.Citizen, "Спасибо"),
            (Senders.System, SystemTexts.OperatorGone("ru")),
        }));
        Assert.That(t.Events.Of<RecordingEvents.MessagePushed>().Last().Message.From, Is.EqualTo(Senders.System));

        Assert.That((await t.Citizens.ViewAsync(session.Id)).Position, Is.EqualTo(1), "ahead of the session that was waiting before it");
        Assert.That((await t.Citizens.ViewAsync(older.Id)).Position, Is.EqualTo(2));
    }

    [Test]
    public async Task ReturnedSession_IsOfferedToAnotherOperator_BeforeOlderWaitingSessions()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: 1);
        var session = await t.ActiveWithAsync("a");
        t.Clock.AdvanceSeconds(1);
        var waiting = await t.StartAsync();
        await t.Operators.DisconnectedAsync("a", "conn-a");
        t.Clock.AdvanceSeconds(60);
        await t.Dispatcher.SweepAsync();

        await t.OnlineAsync("b", maxChats: 1);
        await t.SettleAsync();

        Assert.That((await t.PendingOfferAsync("b"))!.SessionId, Is.EqualTo(session.Id));
        Assert.That((await t.SessionAsync(waiting.Id)).State, Is.EqualTo(SessionState.Queued));
    }

    [Test]
    public async Task Reconnect_WithinTheGracePeriod_KeepsTheSessions()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Operators.DisconnectedAsync("a", "conn-a");
        t.Clock.AdvanceSeconds(30);
        await t.Operators.ConnectedAsync(TestCentre.Account("a"), "conn-a-again");

        t.Clock.AdvanceSeconds(600);
        await t.Dispatcher.SweepAsync();

        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.State, Is.EqualTo(SessionState.Active));
        Assert.That(stored.OperatorId, Is.EqualTo("a"));
        Assert.That((await t.OperatorAsync("a")).DisconnectedAt, Is.Null);
    }

    [Test]
    public async Task GoneOperator_CannotWriteToTheReturnedSession()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Operators.DisconnectedAsync("a", "conn-a");
        t.Clock.AdvanceSeconds(60);
        await t.Dispatcher.SweepAsync();

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.SendAsync("a", session.Id, "still here?", "late"), "not_your_session");
    }

    [Test]
    public async Task Disconnect_OfAnOperatorNeverSeen_IsConflict()
    {
        var t = new TestCentre();
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.DisconnectedAsync("ghost", "c"), "not_connected");
    }
}
