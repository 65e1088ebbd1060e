using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

public class QueueMetricsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);

    private static Session Waiting(string id, int second, string queue = "101", int priority = 0, SessionState state = SessionState.Queued) => new()
    {
        Id = id, Ticket = "300000001", Queue = queue, State = state, Priority = priority,
        CreatedAt = T0 + Duration.FromSeconds(second), QueuedAt = T0 + Duration.FromSeconds(second), OrderAt = T0 + Duration.FromSeconds(second),
        OfferId = state == SessionState.Offered ? "o-" + id : null,
    };

    private static OperatorState Op(string id, int maxChats, string queue = "101", Presence presence = Presence.Available, bool connected = true,
        int busy = 0, string[]? languages = null) => new()
    {
        Id = id, Name = id, Queues = [queue], Languages = languages ?? ["ru"], MaxChats = maxChats, Presence = presence,
        Connections = connected ? ["c-" + id] : [],
        Work = Enumerable.Range(0, busy).Select(i => new ActiveWork(id + "-s" + i, Channel.Chat)).ToList(),
    };

    private static RoutingSnapshot Snapshot(IEnumerable<Session>? waiting = null, IEnumerable<OperatorState>? ops = null, Dictionary<string, int[]>? handle = null) =>
        new((waiting ?? []).ToList(), (ops ?? []).ToList(), [],
            (handle ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value));

    private static QueueMetrics Metrics(int defaultHandleSeconds = 180, int samples = 20) =>
        new(new ContactCentreOptions { DefaultHandleTime = Duration.FromSeconds(defaultHandleSeconds), HandleTimeSamples = samples });

    // Available skilled operators give S slots, F of them free: the first F in line go at once, the others wait
    // (position − F) × mean handle time ÷ S, rounded up; nobody available: position × mean handle time.
    [TestCase(1, new[] { 120 }, new[] { 1 }, new[] { 1 }, 120)]
    [TestCase(3, new[] { 120 }, new[] { 1 }, new[] { 1 }, 360)]
    [TestCase(3, new[] { 100, 200 }, new[] { 1 }, new[] { 1 }, 450)]
    [TestCase(3, new[] { 120 }, new[] { 3 }, new[] { 3 }, 120)]
    [TestCase(4, new[] { 120 }, new[] { 2, 1 }, new[] { 2, 1 }, 160)]
    [TestCase(1, new[] { 100 }, new[] { 3 }, new[] { 3 }, 34)]
    [TestCase(2, new[] { 120 }, new int[0], new int[0], 240)]
    [TestCase(5, new[] { 0 }, new[] { 1 }, new[] { 1 }, 0)]
    [TestCase(3, new[] { 120 }, new[] { 3 }, new[] { 1 }, 40)]   // two free slots: the third waits for one of three
    [TestCase(2, new[] { 120 }, new[] { 3 }, new[] { 1 }, 0)]    // within the free slots: at once
    [TestCase(4, new[] { 120 }, new[] { 3, 1 }, new[] { 3, 0 }, 90)] // one free of four
    public void Estimate_WaitsForFreeSlots_AtTheRateSlotsFree(int position, int[] handleTimes, int[] operatorsMaxChats, int[] busy, int expected)
    {
        var ops = operatorsMaxChats.Select((m, i) => Op("op" + i, m, busy: busy[i]));
        var snapshot = Snapshot(ops: ops, handle: new() { ["101"] = handleTimes });
        Assert.That(Metrics().Estimate(snapshot, "101", position), Is.EqualTo(expected));
    }

    [Test]
    public void Estimate_WithoutRecordedHandleTimes_UsesTheDefault()
    {
        var snapshot = Snapshot(ops: [Op("a", 2, busy: 2)]);
        Assert.That(Metrics(defaultHandleSeconds: 300).Estimate(snapshot, "101", 3), Is.EqualTo(450));
    }

    [Test]
    public void Estimate_UsesOnlyTheMostRecentSamples()
    {
        // Stores keep the newest first.
        var snapshot = Snapshot(ops: [Op("a", 1, busy: 1)], handle: new() { ["101"] = [60, 60, 600, 600] });
        Assert.That(Metrics(samples: 2).Estimate(snapshot, "101", 1), Is.EqualTo(60));
    }

    [Test]
    public void Estimate_UsesOnlyHandleTimesOfItsOwnQueue()
    {
        var snapshot = Snapshot(ops: [Op("a", 1, busy: 1)], handle: new() { ["102"] = [10] });
        Assert.That(Metrics(defaultHandleSeconds: 180).Estimate(snapshot, "101", 1), Is.EqualTo(180));
    }

    [Test]
    public void Slots_CountAvailableSkilledOperatorsOfTheLanguage_NotAwayOfflineDisconnectedOrOtherQueues()
    {
        var ops = new[]
        {
            Op("available", 2, busy: 2),
            Op("english", 3, busy: 3, languages: ["en"]),
            Op("away", 1, presence: Presence.Away),
            Op("offline", 5, presence: Presence.Offline),
            Op("gone", 5, connected: false),
            Op("other-queue", 5, queue: "102"),
        };
        var snapshot = Snapshot(ops: ops, handle: new() { ["101"] = [90] });
        Assert.That(Metrics().Estimate(snapshot, "101", 1, language: "ru"), Is.EqualTo(45), "90 / 2");
        Assert.That(Metrics().Estimate(snapshot, "101", 1), Is.EqualTo(18), "any language: 90 / (2 + 3)");
    }

    [Test]
    public void APendingOffer_HoldsItsSlot_AndACallHoldsTheOperator()
    {
        var offered = Op("offered", 1) with { PendingOfferId = "o1" };
        var onCall = Op("on-call", 3) with { Work = [new ActiveWork("c1", Channel.Call)] };
        var snapshot = Snapshot(ops: [offered, onCall], handle: new() { ["101"] = [100] });
        Assert.That(Metrics().Estimate(snapshot, "101", 1), Is.EqualTo(100), "one slot, held by the offer; no chats beside a call");
        Assert.That(Metrics().Estimate(snapshot, "101", 1, Channel.Call), Is.EqualTo(50), "two operators busy: one frees every 50 s");
    }

    [Test]
    public void Places_NumberEachQueueSeparately_InOfferOrder()
    {
        var waiting = new[]
        {
            Waiting("a1", 0),
            Waiting("a2", 10),
            Waiting("a0-returned", 20, priority: Priorities.Returned),
            Waiting("b1", 5, queue: "102"),
        };
        var places = Metrics(defaultHandleSeconds: 60).Places(Snapshot(waiting));
        Assert.Multiple(() =>
        {
            Assert.That(places["a0-returned"], Is.EqualTo(new QueuePlace(1, 60)));
            Assert.That(places["a1"], Is.EqualTo(new QueuePlace(2, 120)));
            Assert.That(places["a2"], Is.EqualTo(new QueuePlace(3, 180)));
            Assert.That(places["b1"], Is.EqualTo(new QueuePlace(1, 60)));
        });
    }

    [Test]
    public void Figures_CountWaitingAvailableBusyAway_AndLongestWait()
    {
        var waiting = new[] { Waiting("s1", 0), Waiting("s2", 30), Waiting("deferred", 0, state: SessionState.Deferred) };
        var ops = new[]
        {
            Op("free", 2),
            Op("full", 1) with { Work = [new ActiveWork("x", Channel.Chat)] },
            Op("away", 1, presence: Presence.Away),
        };
        var figures = Metrics(defaultHandleSeconds: 60).Figures(Snapshot(waiting, ops), "101", T0 + Duration.FromSeconds(100));
        // The next citizen (third): two free slots of three, so (3 − 2) × 60 ÷ 3; the away operator does not count.
        Assert.That(figures, Is.EqualTo(new QueueFigures("101", Waiting: 2, LongestWaitSeconds: 100, Available: 1, Busy: 1, Away: 1, EstimatedWaitSeconds: 20)));
    }

    [Test]
    public void Estimate_ForACall_CountsEachOperatorAsOneSlot()
    {
        // Each holds one chat: no room for a call, two chat slots free each.
        var snapshot = Snapshot(ops: [Op("a", maxChats: 3, busy: 1), Op("b", maxChats: 3, busy: 1)], handle: new() { ["101"] = [120] });

        Assert.That(Metrics().Estimate(snapshot, "101", 4, Channel.Call), Is.EqualTo(240), "4 × 120 ÷ 2");
        Assert.That(Metrics().Estimate(snapshot, "101", 6, Channel.Chat), Is.EqualTo(40), "(6 − 4) × 120 ÷ 6");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void PlaceOf_OneSession_IsItsPlaceAmongAll(int seed)
    {
        // Mixed queues, priorities, states, channels and equal instants: counting who is ahead of one session gives what
        // ranking the whole queue gives.
        var random = new Random(seed);
        SessionState[] states = [SessionState.Queued, SessionState.Offered, SessionState.Deferred];
        var waiting = Enumerable.Range(0, 120).Select(i => Waiting("s" + i, random.Next(0, 30), random.Next(2) == 0 ? "101" : "102",
                random.Next(3), states[random.Next(3)]) with
            {
                Ticket = "3" + random.Next(0, 1000).ToString("D8"),
                Channel = random.Next(4) == 0 ? Channel.Call : Channel.Chat,
            })
            .ToList();
        var snapshot = Snapshot(waiting, [Op("a", 2), Op("b", 1, queue: "102")], new() { ["101"] = [100, 140], ["102"] = [60] });
        var metrics = Metrics();

        var all = metrics.Places(snapshot);

        Assert.Multiple(() =>
        {
            foreach (var s in waiting) Assert.That(metrics.PlaceOf(snapshot, s.Id), Is.EqualTo(all[s.Id]), s.Id);
            Assert.That(metrics.PlaceOf(snapshot, "not-waiting"), Is.EqualTo(new QueuePlace(0, 0)));
        });
    }
}
