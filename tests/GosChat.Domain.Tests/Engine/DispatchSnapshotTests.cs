using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Engine;

/// <summary>
/// A pass whose offers all commit carries on from its snapshot with the offers applied instead of reading the store
/// again: that snapshot must be what the store then holds for those records.
/// </summary>
public class DispatchSnapshotTests
{
    [Test]
    public async Task TheSnapshotWithItsOffersApplied_IsWhatTheStoreHoldsAfterTheCommits()
    {
        var t = new TestCentre();
        var first = await t.StartAsync();
        var second = await t.StartAsync();
        var third = await t.StartAsync();
        // Connected but not available: no pass offers them anything, the offers below are made by hand as a pass makes them.
        await t.Operators.ConnectedAsync(TestCentre.Account("a"), "conn-a");
        await t.Operators.ConnectedAsync(TestCentre.Account("b"), "conn-b");
        var before = await t.Store.LoadSnapshotAsync();
        Assert.That(before.Offers, Is.Empty);

        var made = new List<(Session Session, OperatorState Operator, Offer Offer)>();
        foreach (var (sessionId, operatorId) in new[] { (first.Id, "a"), (second.Id, "b") })
        {
            var session = before.Waiting.Single(s => s.Id == sessionId);
            var op = before.Operators.Single(o => o.Id == operatorId);
            var now = t.Clock.GetCurrentInstant();
            var offer = new Offer
            {
                Id = "offer-" + operatorId, SessionId = session.Id, OperatorId = op.Id, Queue = session.Queue, Channel = session.Channel,
                CreatedAt = now, ExpiresAt = now + t.Options.OfferTimeout,
            };
            var committed = await t.Store.CommitAsync(new RoutingChange().Put(session.OfferTo(offer.Id)).Put(op with { PendingOfferId = offer.Id }).Put(offer));
            Assert.That(committed, Is.True);
            made.Add((session, op, offer));
        }

        var applied = Dispatcher.WithOffers(before, made);
        var stored = await t.Store.LoadSnapshotAsync();

        static object SessionKey(Session s) => (s.Id, s.State, s.OfferId, s.Version);
        static object OperatorKey(OperatorState o) => (o.Id, o.PendingOfferId, o.Version);
        static object OfferKey(Offer o) => (o.Id, o.SessionId, o.OperatorId, o.Version);
        Assert.Multiple(() =>
        {
            Assert.That(applied.Waiting.Select(SessionKey), Is.EquivalentTo(stored.Waiting.Select(SessionKey)));
            Assert.That(applied.Operators.Select(OperatorKey), Is.EquivalentTo(stored.Operators.Select(OperatorKey)));
            Assert.That(applied.Offers.Select(OfferKey), Is.EquivalentTo(stored.Offers.Select(OfferKey)));
            Assert.That(applied.Waiting.Single(s => s.Id == third.Id).State, Is.EqualTo(SessionState.Queued));
            Assert.That(before.Waiting.All(s => s.State == SessionState.Queued), Is.True, "the snapshot it started from is left as it was");
        });
    }

    [Test]
    public async Task APassThatOffersEverySessionItCan_LeavesNothingToOfferAndTellsTheRestTheirPlace()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", maxChats: 1);
        await t.OnlineAsync("b", maxChats: 1);
        var sessions = new List<Session>();
        for (var i = 0; i < 4; i++) sessions.Add(await t.StartAsync());
        await t.SettleAsync();

        var snapshot = await t.Store.LoadSnapshotAsync();
        Assert.That(Router.Plan(snapshot, t.Clock.GetCurrentInstant()), Is.Empty);
        Assert.That(snapshot.Offers.Select(o => o.SessionId), Is.EquivalentTo(sessions.Take(2).Select(s => s.Id)));
        // The two still queued were last told the places a fresh read of the store gives them, and not the same one.
        foreach (var waiting in sessions.Skip(2))
        {
            var view = await t.Citizens.ViewAsync(waiting.Id);
            Assert.That(t.Events.PositionsOf(waiting.Id).Last().Position, Is.EqualTo(view.Position), waiting.Id);
        }
        Assert.That(t.Events.PositionsOf(sessions[3].Id).Last().Position, Is.GreaterThan(t.Events.PositionsOf(sessions[2].Id).Last().Position));
    }
}
