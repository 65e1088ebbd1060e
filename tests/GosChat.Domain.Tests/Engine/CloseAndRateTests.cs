using GosChat.Domain.Engine;
using NodaTime;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Engine;

public class CloseAndRateTests
{
    [Test]
    public async Task CitizenClose_WhileOffered_RevokesTheOffer_AndFreesTheOperator()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;

        var closed = await t.Citizens.CloseAsync(session.Id);

        Assert.Multiple(() =>
        {
            Assert.That(closed.State, Is.EqualTo(SessionState.Closed));
            Assert.That(closed.CloseReason, Is.EqualTo("citizen"));
            Assert.That(closed.OfferId, Is.Null);
            Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.EqualTo(new[] { new RecordingEvents.OfferRevoked("a", offer.Id) }));
            Assert.That(t.Events.Of<RecordingEvents.SessionClosed>().Select(e => (e.Session.Id, e.OperatorId)), Is.EqualTo(new[] { (session.Id, (string?)null) }));
        });
        Assert.That(await t.Store.GetOfferAsync(offer.Id), Is.Null);
        Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.Null);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.AcceptAsync("a", offer.Id), "offer_gone");

        var next = await t.StartAsync();
        await t.SettleAsync();
        Assert.That((await t.PendingOfferAsync("a"))!.SessionId, Is.EqualTo(next.Id));
    }

    [Test]
    public async Task CitizenClose_WhileQueued_TakesTheSessionOutOfTheQueue()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await t.Citizens.CloseAsync(session.Id);
        Assert.That((await t.Store.LoadSnapshotAsync()).Waiting, Is.Empty);
        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.Empty);
    }

    [Test]
    public async Task CitizenClose_WhileActive_FreesTheOperator_AndRecordsTheHandleTime()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: 1);
        var session = await t.ActiveWithAsync("a");
        t.Clock.AdvanceSeconds(75);

        await t.Citizens.CloseAsync(session.Id);

        Assert.That((await t.OperatorAsync("a")).Work, Is.Empty);
        Assert.That((await t.Store.LoadSnapshotAsync()).HandleTimes["101"], Is.EqualTo(new[] { 75 }));
        Assert.That(t.Events.Of<RecordingEvents.SessionClosed>().Single().OperatorId, Is.EqualTo("a"));
    }

    [Test]
    public async Task OperatorClose_FreesCapacity_ForTheNextWaitingSession()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: 1);
        var first = await t.ActiveWithAsync("a");
        var second = await t.StartAsync();
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(second.Id), Is.Empty, "a is full");

        var closed = await t.Operators.CloseAsync("a", first.Id, "  answered  ");
        await t.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(closed.State, Is.EqualTo(SessionState.Closed));
            Assert.That(closed.CloseReason, Is.EqualTo("operator"));
            Assert.That(closed.Resolution, Is.EqualTo("answered"));
            Assert.That(t.Events.Of<RecordingEvents.SessionClosed>().Select(e => (e.Session.Id, e.OperatorId)), Is.EqualTo(new[] { (first.Id, (string?)"a") }));
            Assert.That(t.Events.OffersFor(second.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public async Task OperatorClose_RecordsTheHandleTime_WhichChangesTheWaitEstimate()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: 1);
        var first = await t.ActiveWithAsync("a");
        var assignedAt = t.Clock.GetCurrentInstant();
        var second = await t.Citizens.StartAsync(new() { Topic = "101" });
        Assert.That(second.EstimatedWaitSeconds, Is.EqualTo(180), "1 × default 180 s ÷ 1 slot");
        await t.SettleAsync();

        t.Clock.AdvanceSeconds(90);
        await t.Operators.CloseAsync("a", first.Id, null);
        await t.SettleAsync();

        var snapshot = await t.Store.LoadSnapshotAsync();
        Assert.That(snapshot.HandleTimes["101"], Is.EqualTo(new[] { (int)(t.Clock.GetCurrentInstant() - assignedAt).TotalSeconds }));
        Assert.That(snapshot.HandleTimes["101"], Is.EqualTo(new[] { 90 }));
        Assert.That(t.Centre.Metrics.Estimate(snapshot, "101", 1), Is.EqualTo(90));
        Assert.That(t.Events.PositionsOf(second.Session.Id).Select(p => p.EstimatedWaitSeconds), Is.EqualTo(new[] { 180, 90 }));
        Assert.That((await t.Citizens.StartAsync(new() { Topic = "101" })).EstimatedWaitSeconds, Is.EqualTo(180), "2nd in line × 90 s ÷ 1 slot");
    }

    [Test]
    public async Task OperatorClose_OfAnotherOperatorsSession_IsForbidden_AndChangesNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.ActiveWithAsync("a");
        var version = (await t.SessionAsync(session.Id)).Version;

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.CloseAsync("b", session.Id, null), "not_your_session");

        Assert.That((await t.SessionAsync(session.Id)).Version, Is.EqualTo(version));
        Assert.That(t.Events.Of<RecordingEvents.SessionClosed>(), Is.Empty);
    }

    [Test]
    public async Task Close_Twice_IsRefused()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Operators.CloseAsync("a", session.Id, null);

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.CloseAsync("a", session.Id, null), "not_your_session");
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Citizens.CloseAsync(session.Id), "illegal_transition");
        Assert.That(t.Events.Of<RecordingEvents.SessionClosed>(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Rate_AfterClose_IsStoredOnce()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Citizens.RateAsync(session.Id, 5, null), "not_closed");
        await t.Citizens.CloseAsync(session.Id);

        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.RateAsync(session.Id, 6, null), "bad_score");
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.RateAsync(session.Id, 5, new string('x', 2001)), "comment_too_long");
        Assert.That((await t.SessionAsync(session.Id)).Rating, Is.Null);

        await t.Citizens.RateAsync(session.Id, 4, "  helpful  ");
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Citizens.RateAsync(session.Id, 1, null), "already_rated");

        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.Rating, Is.EqualTo(4));
        Assert.That(stored.RatingComment, Is.EqualTo("helpful"));
    }

    [TestCase(23 * 60 + 59, true)]
    [TestCase(24 * 60, false)]
    public async Task ResumeToken_OpensAClosedSession_ForADay_ThenAnswersLikeAnUnknownOne(int minutesAfterClose, bool opens)
    {
        var t = new TestCentre();
        var started = await t.Citizens.StartAsync(new StartRequest { Topic = "101", Text = "Вопрос" });
        await t.Citizens.CloseAsync(started.Session.Id);

        t.Clock.Advance(Duration.FromMinutes(minutesAfterClose));

        if (opens) Assert.That((await t.Citizens.ResumeAsync(started.ResumeToken)).Session.Id, Is.EqualTo(started.Session.Id));
        else await Refused.ByAsync(DomainErrorKind.NotFound, () => t.Citizens.ResumeAsync(started.ResumeToken), "session_not_found");
    }
}

