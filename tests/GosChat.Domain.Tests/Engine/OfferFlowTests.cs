using GosChat.Domain.Operators;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Engine;

public class OfferFlowTests
{
    [Test]
    public async Task Offer_GoesToLongestIdleOperator_WhenSkillsMatch()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();

        var offers = t.Events.OffersFor(session.Id);
        Assert.That(offers.Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a" }));
        var offer = offers.Single().Offer;
        Assert.Multiple(() =>
        {
            Assert.That(offer.ExpiresAt, Is.EqualTo(offer.CreatedAt + t.Options.OfferTimeout));
            Assert.That(offer.Queue, Is.EqualTo("101"));
            Assert.That(offer.Channel, Is.EqualTo(Channel.Chat));
            Assert.That(offers.Single().Session.State, Is.EqualTo(SessionState.Offered));
        });
        Assert.That((await t.SessionAsync(session.Id)).OfferId, Is.EqualTo(offer.Id));
        Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.EqualTo(offer.Id));
        Assert.That((await t.OperatorAsync("b")).PendingOfferId, Is.Null);
    }

    [Test]
    public async Task Offer_GoesOnlyToAnOperatorSkilledForTheQueueAndLanguage()
    {
        var t = new TestCentre();
        await t.OnlineAsync("wrong-queue", queues: ["102"], languages: ["en"]);
        await t.OnlineAsync("wrong-language", queues: ["101"], languages: ["ru"]);
        await t.OnlineAsync("right", queues: ["101"], languages: ["ru", "en"]);
        var session = await t.StartAsync(language: "en");
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "right" }));
    }

    [Test]
    public async Task Session_IsOfferedToOneOperatorAtATime()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        await t.OnlineAsync("c");
        var session = await t.StartAsync();
        await t.SettleAsync();
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id), Has.Count.EqualTo(1));
        Assert.That((await t.Store.LoadSnapshotAsync()).Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task OperatorBecomingAvailable_IsOfferedTheWaitingSessionAtOnce()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await t.Operators.ConnectedAsync(TestCentre.Account("a"), "conn-a");
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id), Is.Empty, "connected but not yet available");

        await t.Operators.SetPresenceAsync("a", "available");
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a" }));
        Assert.That(t.Events.OffersFor(session.Id).Single().Offer.CreatedAt, Is.EqualTo(t.Clock.GetCurrentInstant()), "offered without waiting for a sweep");
    }

    [TestCase("away")]
    [TestCase("offline")]
    public async Task OperatorLeavingAvailability_LosesTheirPendingOffer_ToTheNextOperator(string presence)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var first = (await t.PendingOfferAsync("a"))!;

        await t.Operators.SetPresenceAsync("a", presence);
        await t.SettleAsync();

        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.EqualTo(new[] { new RecordingEvents.OfferRevoked("a", first.Id) }));
        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task PresenceOtherThanAvailableAwayOffline_IsBadRequest()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Operators.SetPresenceAsync("a", "busy"), "bad_presence");
    }

    [TestCase(19, false)]
    [TestCase(20, true)]
    public async Task Offer_ExpiresAfterTheOfferTimeout_AndGoesToTheNextOperator(int secondsLater, bool expired)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var first = (await t.PendingOfferAsync("a"))!;

        t.Clock.AdvanceSeconds(secondsLater);
        await t.Dispatcher.SweepAsync();

        var offeredTo = t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId);
        if (expired)
        {
            Assert.That(offeredTo, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.EqualTo(new[] { new RecordingEvents.OfferRevoked("a", first.Id) }));
            Assert.That(await t.Store.GetOfferAsync(first.Id), Is.Null);
            Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.Null);
        }
        else
        {
            Assert.That(offeredTo, Is.EqualTo(new[] { "a" }));
            Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.Empty);
        }
    }

    [Test]
    public async Task ExpiredOffer_SkipsTheFirstOperator_WhileAnotherIsEligible_AndComesBackWhenNobodyElseIs()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();

        t.Clock.AdvanceSeconds(20);
        await t.Dispatcher.SweepAsync(); // a's offer expires → b, although a is free again
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b" }));

        t.Clock.AdvanceSeconds(20);
        await t.Dispatcher.SweepAsync(); // b's expires too: both let it expire, nobody else → the one idle longest, a
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b", "a" }));
        var offered = await t.SessionAsync(session.Id);
        Assert.That(offered.State, Is.EqualTo(SessionState.Offered));
        Assert.That(offered.Declines.Select(d => (d.OperatorId, d.Expired)), Is.EquivalentTo(new[] { ("a", true), ("b", true) }));
    }

    [Test]
    public async Task OnlyOperator_LettingTheOfferExpire_IsOfferedItAgainAtOnce()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.StartAsync();
        await t.SettleAsync();

        t.Clock.AdvanceSeconds(20);
        await t.Dispatcher.SweepAsync();
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "a" }));
        Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.Not.Null);
    }

    [Test]
    public async Task OnlyOperator_DecliningExplicitly_IsNotOfferedItAgain_UntilTheCoolDownPasses()
    {
        var t = new TestCentre(new() { DeclineCooldown = Duration.FromSeconds(60) });
        await t.OnlineAsync("a");
        var session = await t.StartAsync();
        await t.SettleAsync();

        await t.Operators.DeclineAsync("a", (await t.PendingOfferAsync("a"))!.Id);
        t.Clock.AdvanceSeconds(59);
        await t.Dispatcher.SweepAsync();
        Assert.That(t.Events.OffersFor(session.Id), Has.Count.EqualTo(1));

        t.Clock.AdvanceSeconds(1);
        await t.Dispatcher.SweepAsync();
        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "a" }));
    }

    [Test]
    public async Task Decline_GoesToTheNextOperator_AndSkipsTheDecliner()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        await t.OnlineAsync("c");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;

        await t.Operators.DeclineAsync("a", offer.Id);
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>().Select(r => r.OfferId), Is.EqualTo(new[] { offer.Id }));
        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.IsDeclinedBy("a", t.Clock.GetCurrentInstant()), Is.True);
        Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.Null);
    }

    [Test]
    public async Task Decliner_GetsTheNextSessionInstead()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var first = await t.StartAsync();
        t.Clock.AdvanceSeconds(1);
        var second = await t.StartAsync();
        await t.SettleAsync();
        await t.Operators.DeclineAsync("a", (await t.PendingOfferAsync("a"))!.Id);
        await t.SettleAsync();

        Assert.That((await t.PendingOfferAsync("a"))!.SessionId, Is.EqualTo(second.Id));
        Assert.That((await t.SessionAsync(first.Id)).State, Is.EqualTo(SessionState.Queued));
    }

    [Test]
    public async Task Decline_OfSomeoneElsesOffer_IsConflict_AndChangesNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.DeclineAsync("b", offer.Id), "offer_gone");
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.DeclineAsync("a", "no-such-offer"), "offer_gone");
        Assert.That((await t.SessionAsync(session.Id)).OfferId, Is.EqualTo(offer.Id));
        Assert.That(t.Events.Of<RecordingEvents.OfferRevoked>(), Is.Empty);
    }

    [Test]
    public async Task Accept_MakesTheSessionActive_AndTellsTheCitizen()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.StartAsync(text: "hello");
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;
        t.Clock.AdvanceSeconds(7);

        var view = await t.Operators.AcceptAsync("a", offer.Id);

        var storedOffer = await t.Store.GetOfferAsync(offer.Id);
        var op = await t.OperatorAsync("a");
        Assert.Multiple(() =>
        {
            Assert.That(view.Session.State, Is.EqualTo(SessionState.Active));
            Assert.That(view.Session.OperatorId, Is.EqualTo("a"));
            Assert.That(view.Session.OperatorName, Is.EqualTo("Operator a"));
            Assert.That(view.Session.AssignedAt, Is.EqualTo(t.Clock.GetCurrentInstant()));
            Assert.That(view.Messages.Select(m => m.Text), Is.EqualTo(new[] { "hello" }));
            Assert.That(storedOffer, Is.Null);
            Assert.That(op.PendingOfferId, Is.Null);
            Assert.That(op.Work, Is.EqualTo(new[] { new ActiveWork(session.Id, Channel.Chat) }));
            Assert.That(t.Events.Of<RecordingEvents.OperatorJoined>().Select(e => e.Session.Id), Is.EqualTo(new[] { session.Id }));
        });
    }

    private sealed record Picture(long Session, SessionState State, long A, long B, int Offers, int Waiting);

    private static async Task<Picture> PictureAsync(TestCentre t, string sessionId)
    {
        var s = await t.SessionAsync(sessionId);
        var snapshot = await t.Store.LoadSnapshotAsync();
        return new Picture(s.Version, s.State, (await t.OperatorAsync("a")).Version, (await t.OperatorAsync("b")).Version, snapshot.Offers.Count, snapshot.Waiting.Count);
    }

    [Test]
    public async Task Accept_ByAnotherOperator_IsConflict_AndChangesNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;
        var before = await PictureAsync(t, session.Id);

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.AcceptAsync("b", offer.Id), "offer_gone");

        Assert.That(await PictureAsync(t, session.Id), Is.EqualTo(before));
        Assert.That(t.Events.Of<RecordingEvents.OperatorJoined>(), Is.Empty);
        await t.Operators.AcceptAsync("a", offer.Id); // the rightful operator still can
    }

    [Test]
    public async Task Accept_OfAnUnknownOffer_IsConflict_AndChangesNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var before = await PictureAsync(t, session.Id);

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.AcceptAsync("a", "no-such-offer"), "offer_gone");
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Operators.AcceptAsync("a", " "), "bad_offer_id");

        Assert.That(await PictureAsync(t, session.Id), Is.EqualTo(before));
    }

    [Test]
    public async Task Accept_AtTheExpiryInstant_BeforeTheSweep_IsConflict_AndChangesNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;
        t.Clock.AdvanceSeconds(20);
        var before = await PictureAsync(t, session.Id);

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.AcceptAsync("a", offer.Id), "offer_expired");

        Assert.That(await PictureAsync(t, session.Id), Is.EqualTo(before));
        Assert.That(t.Events.Of<RecordingEvents.OperatorJoined>(), Is.Empty);
    }

    [Test]
    public async Task Accept_OfAnOfferAlreadySweptAway_IsConflict()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;
        t.Clock.AdvanceSeconds(20);
        await t.Dispatcher.SweepAsync();

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.AcceptAsync("a", offer.Id), "offer_gone");

        var stored = await t.SessionAsync(session.Id);
        Assert.That(stored.State, Is.EqualTo(SessionState.Offered));
        Assert.That((await t.Store.GetOfferAsync(stored.OfferId!))!.OperatorId, Is.EqualTo("b"));
    }

    [Test]
    public async Task Accept_JustBeforeExpiry_Succeeds()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.StartAsync();
        await t.SettleAsync();
        var offer = (await t.PendingOfferAsync("a"))!;
        t.Clock.AdvanceMilliseconds(19_999);
        Assert.That((await t.Operators.AcceptAsync("a", offer.Id)).Session.State, Is.EqualTo(SessionState.Active));
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 3)]
    public async Task Capacity_IsRespected_NoMoreOffersOnceFull(int maxChats, int expectedActive)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: maxChats);
        var sessions = new List<Session>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await t.StartAsync());
            t.Clock.AdvanceSeconds(1);
        }

        for (var i = 0; i < maxChats; i++) await t.AcceptPendingAsync("a");
        await t.SettleAsync();

        var op = await t.OperatorAsync("a");
        Assert.That(op.Work, Has.Count.EqualTo(expectedActive));
        Assert.That(op.PendingOfferId, Is.Null, "a full operator gets no further offer");
        var states = new List<SessionState>();
        foreach (var s in sessions) states.Add((await t.SessionAsync(s.Id)).State);
        Assert.That(states.Count(s => s == SessionState.Active), Is.EqualTo(expectedActive));
        Assert.That(states.Take(expectedActive), Has.All.EqualTo(SessionState.Active), "the oldest sessions are served first");
        Assert.That(states.Skip(expectedActive), Has.All.EqualTo(SessionState.Queued));
    }

    [Test]
    public async Task Call_WaitsForAFreeOperator_AndBlocksChatsWhileConnected()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.ActiveWithAsync("a");
        var call = await t.StartAsync(channel: Channel.Call);
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(call.Id), Is.Empty, "the operator has a chat in hand");

        await t.OnlineAsync("b");
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(call.Id).Select(o => (o.Offer.OperatorId, o.Offer.Channel)), Is.EqualTo(new[] { ("b", Channel.Call) }));
        await t.Operators.AcceptAsync("b", (await t.PendingOfferAsync("b"))!.Id);

        var chat = await t.StartAsync();
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(chat.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a" }), "not b: b is on a call");
    }

    [Test]
    public async Task DisconnectedOperator_IsNotOffered_UntilTheyReconnect()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.Operators.DisconnectedAsync("a", "conn-a");
        var session = await t.StartAsync();
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id), Is.Empty);

        await t.Operators.ConnectedAsync(TestCentre.Account("a"), "conn-a2");
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "a" }));
    }
}
