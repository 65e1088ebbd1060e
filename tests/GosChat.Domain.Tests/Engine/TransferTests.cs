using GosChat.Domain.Messages;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Engine;

public class TransferTests
{
    [Test]
    public async Task Transfer_ToAnotherQueue_KeepsTicketAndHistory_AndIsOfferedToThatQueuesOperator()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", queues: ["101"]);
        var session = await t.ActiveWithAsync("a", text: "Где справка?");
        await t.Operators.SendAsync("a", session.Id, "Передаю в отдел заявлений", "op-1");
        await t.OnlineAsync("other-101", queues: ["101"]);
        await t.OnlineAsync("b", queues: ["102"]);

        var moved = await t.Operators.TransferAsync("a", session.Id, "102");
        await t.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(moved.State, Is.EqualTo(SessionState.Queued));
            Assert.That(moved.Queue, Is.EqualTo("102"));
            Assert.That(moved.Ticket, Is.EqualTo(session.Ticket));
            Assert.That(moved.TransferredFrom, Is.EqualTo(new[] { "101" }));
            Assert.That(moved.Priority, Is.EqualTo(Priorities.Returned));
            Assert.That(moved.SeniorOnly, Is.False);
            Assert.That(t.Events.Of<RecordingEvents.SessionRequeued>().Select(e => (e.Session.Id, e.PreviousOperatorId)), Is.EqualTo(new[] { (session.Id, "a") }));
            Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(t.Events.OffersFor(session.Id).Last().Offer.Queue, Is.EqualTo("102"));
        });
        Assert.That((await t.OperatorAsync("a")).Work, Is.Empty);

        var history = await t.Messages.GetAsync(session.Id);
        Assert.That(history.Select(m => (m.From, m.Text)), Is.EqualTo(new[]
        {
            (Senders.Citizen, "Где справка?"),
            (Senders.Operator, "Передаю в отдел заявлений"),
            (Senders.System, SystemTexts.Transferred("ru", "102")),
        }));

        var view = await t.Operators.AcceptAsync("b", (await t.PendingOfferAsync("b"))!.Id);
        Assert.That(view.Messages, Has.Count.EqualTo(3), "the new operator sees the whole conversation");
        Assert.That(view.Session.Ticket, Is.EqualTo(session.Ticket));
    }

    [Test]
    public async Task TransferredSession_GoesAheadOfSessionsAlreadyWaitingInTheTargetQueue()
    {
        var t = new TestCentre();
        var waiting = await t.StartAsync(topic: "102");
        t.Clock.AdvanceSeconds(1);
        await t.OnlineAsync("a", queues: ["101"]);
        var session = await t.ActiveWithAsync("a");

        await t.Operators.TransferAsync("a", session.Id, "102");

        Assert.That((await t.Citizens.ViewAsync(session.Id)).Position, Is.EqualTo(1));
        Assert.That((await t.Citizens.ViewAsync(waiting.Id)).Position, Is.EqualTo(2));
    }

    [Test]
    public async Task Transfer_ToSenior_IsOfferedOnlyToSeniorOperators()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", queues: ["101"]);
        var session = await t.ActiveWithAsync("a");
        await t.OnlineAsync("junior", queues: ["101"]);
        await t.OnlineAsync("senior", queues: ["104"], senior: true);

        var moved = await t.Operators.TransferAsync("a", session.Id, QueueCatalog.SeniorTier);
        await t.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(moved.SeniorOnly, Is.True);
            Assert.That(moved.Queue, Is.EqualTo("101"), "the department stays; the tier changes");
            Assert.That(moved.Ticket, Is.EqualTo(session.Ticket));
            Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "senior" }));
        });
        var history = await t.Messages.GetAsync(session.Id);
        Assert.That(history.Last().Text, Is.EqualTo(SystemTexts.Transferred("ru", QueueCatalog.SeniorTier)));
    }

    [Test]
    public async Task Transfer_ToSenior_WaitsWhenNoSeniorIsOnline()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.OnlineAsync("junior");

        await t.Operators.TransferAsync("a", session.Id, "senior");
        await t.SettleAsync();

        Assert.That((await t.SessionAsync(session.Id)).State, Is.EqualTo(SessionState.Queued));
        Assert.That(t.Events.OffersFor(session.Id), Has.Count.EqualTo(1), "only the first offer, to a");
    }

    [TestCase("105")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("SENIOR")]
    public async Task Transfer_ToAnUnknownQueue_IsBadRequest_AndChangesNothing(string? queue)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        var before = await t.SessionAsync(session.Id);

        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Operators.TransferAsync("a", session.Id, queue), "unknown_queue");

        var after = await t.SessionAsync(session.Id);
        Assert.That(after.Version, Is.EqualTo(before.Version));
        Assert.That(after.State, Is.EqualTo(SessionState.Active));
        Assert.That(t.Events.Of<RecordingEvents.SessionRequeued>(), Is.Empty);
    }

    [Test]
    public async Task Transfer_OfAnotherOperatorsSession_IsForbidden()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.ActiveWithAsync("a");

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.TransferAsync("b", session.Id, "102"), "not_your_session");
        Assert.That((await t.SessionAsync(session.Id)).OperatorId, Is.EqualTo("a"));
    }
}
