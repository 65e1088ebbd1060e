using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

public class RouterTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);
    private static Instant At(int seconds) => T0 + Duration.FromSeconds(seconds);

    private static Session Waiting(string id, int orderSecond = 0, string queue = "101", int priority = 0,
        string language = "ru", Channel channel = Channel.Chat, bool seniorOnly = false) => new()
    {
        Id = id,
        Ticket = "300000001",
        Queue = queue,
        Language = language,
        Channel = channel,
        State = SessionState.Queued,
        Priority = priority,
        SeniorOnly = seniorOnly,
        CreatedAt = At(orderSecond),
        QueuedAt = At(orderSecond),
        OrderAt = At(orderSecond),
    };

    private static OperatorState Op(string id, int idleSinceSecond = 0, string[]? queues = null, string[]? languages = null,
        int maxChats = 3, bool senior = false, Presence presence = Presence.Available, bool connected = true,
        ActiveWork[]? work = null, string? pendingOffer = null) => new()
    {
        Id = id,
        Name = id,
        Queues = queues ?? ["101"],
        Languages = languages ?? ["ru"],
        MaxChats = maxChats,
        Senior = senior,
        Presence = presence,
        Connections = connected ? ["c-" + id] : [],
        Work = work ?? [],
        PendingOfferId = pendingOffer,
        IdleSince = At(idleSinceSecond),
    };

    private static IReadOnlyList<(Session Session, OperatorState Operator)> Plan(IEnumerable<Session> sessions, IEnumerable<OperatorState> ops, int nowSecond = 1000) =>
        Router.Plan(new RoutingSnapshot(sessions.ToList(), ops.ToList(), [], new Dictionary<string, IReadOnlyList<int>>()), At(nowSecond));

    private static string? OperatorFor(string sessionId, IEnumerable<Session> sessions, IEnumerable<OperatorState> ops, int nowSecond = 1000) =>
        Plan(sessions, ops, nowSecond).Where(p => p.Session.Id == sessionId).Select(p => p.Operator.Id).SingleOrDefault();

    private static ActiveWork[] Chats(int n) => Enumerable.Range(0, n).Select(i => new ActiveWork("busy" + i, Channel.Chat)).ToArray();

    [Test]
    public void Offer_GoesToLongestIdleOperator_WhenSkillsMatch()
    {
        var ops = new[] { Op("recent", idleSinceSecond: 50), Op("longest", idleSinceSecond: 10), Op("middle", idleSinceSecond: 30) };
        Assert.That(OperatorFor("s1", [Waiting("s1")], ops), Is.EqualTo("longest"));
    }

    [Test]
    public void Offer_OnEqualIdleTime_GoesToTheLessLoadedOperator()
    {
        var ops = new[] { Op("busy", work: Chats(2)), Op("free") };
        Assert.That(OperatorFor("s1", [Waiting("s1")], ops), Is.EqualTo("free"));
    }

    [Test]
    public void Sessions_AreOfferedHigherPriorityFirst_ThenOldestFirst()
    {
        var sessions = new[]
        {
            Waiting("old-normal", orderSecond: 0),
            Waiting("new-normal", orderSecond: 5),
            Waiting("new-returned", orderSecond: 9, priority: Priorities.Returned),
            Waiting("newest-critical", orderSecond: 20, priority: Priorities.Critical),
        };
        var ordered = Router.InOfferOrder(sessions).Select(s => s.Id);
        Assert.That(ordered, Is.EqualTo(new[] { "newest-critical", "new-returned", "old-normal", "new-normal" }));
    }

    [Test]
    public void OneOperator_GetsTheHighestPrioritySession_NotTheOldest()
    {
        var plan = Plan([Waiting("old", orderSecond: 0), Waiting("escalated", orderSecond: 60, priority: Priorities.Escalated)], [Op("a")]);
        Assert.That(plan.Select(p => p.Session.Id), Is.EqualTo(new[] { "escalated" }));
    }

    [Test]
    public void TwoOperators_TheLongestIdleGetsTheFirstSessionInOrder()
    {
        var plan = Plan([Waiting("second", orderSecond: 5), Waiting("first", orderSecond: 1)],
            [Op("b", idleSinceSecond: 20), Op("a", idleSinceSecond: 10)]);
        Assert.That(plan.Select(p => (p.Session.Id, p.Operator.Id)), Is.EqualTo(new[] { ("first", "a"), ("second", "b") }));
    }

    [Test]
    public void EachSession_AndEachOperator_AppearsAtMostOnceInAPlan()
    {
        var sessions = Enumerable.Range(0, 5).Select(i => Waiting("s" + i, orderSecond: i)).ToList();
        var plan = Plan(sessions, [Op("a"), Op("b", idleSinceSecond: 1)]);
        Assert.That(plan, Has.Count.EqualTo(2));
        Assert.That(plan.Select(p => p.Operator.Id), Is.Unique);
        Assert.That(plan.Select(p => p.Session.Id), Is.Unique);
    }

    [TestCase(SessionState.Deferred)]
    [TestCase(SessionState.Offered)]
    [TestCase(SessionState.Active)]
    [TestCase(SessionState.Closed)]
    public void OnlyQueuedSessions_AreOffered(SessionState state)
    {
        var session = Waiting("s1") with { State = state, OfferId = state == SessionState.Offered ? "o1" : null };
        Assert.That(Plan([session], [Op("a")]), Is.Empty);
    }

    public static IEnumerable<TestCaseData> IneligibleOperators()
    {
        yield return new TestCaseData(Op("x", presence: Presence.Away)).SetName("Ineligible_WhenAway");
        yield return new TestCaseData(Op("x", presence: Presence.Offline)).SetName("Ineligible_WhenOffline");
        yield return new TestCaseData(Op("x", connected: false)).SetName("Ineligible_WhenNotConnected");
        yield return new TestCaseData(Op("x", queues: ["102"])).SetName("Ineligible_WhenNotSkilledForTheQueue");
        yield return new TestCaseData(Op("x", languages: ["en"])).SetName("Ineligible_WhenNotSkilledForTheLanguage");
        yield return new TestCaseData(Op("x", maxChats: 2, work: Chats(2))).SetName("Ineligible_WhenAtCapacity");
        yield return new TestCaseData(Op("x", maxChats: 0)).SetName("Ineligible_WhenCapacityIsZero");
        yield return new TestCaseData(Op("x", work: [new ActiveWork("call", Channel.Call)])).SetName("Ineligible_ForAChat_WhileOnACall");
        yield return new TestCaseData(Op("x", pendingOffer: "other-offer")).SetName("Ineligible_WhileAnotherOfferIsPending");
    }

    [TestCaseSource(nameof(IneligibleOperators))]
    public void IneligibleOperator_IsNotOffered_AndAnEligibleOneIs(OperatorState ineligible)
    {
        var eligible = Op("eligible", idleSinceSecond: 500);
        Assert.That(OperatorFor("s1", [Waiting("s1")], [ineligible]), Is.Null);
        Assert.That(OperatorFor("s1", [Waiting("s1")], [ineligible with { IdleSince = T0 }, eligible]), Is.EqualTo("eligible"));
    }

    [TestCase(0, true)]
    [TestCase(1, true)]
    [TestCase(2, true)]
    [TestCase(3, false)]
    public void ChatCapacity_IsRespected(int chatsInHand, bool offered) =>
        Assert.That(OperatorFor("s1", [Waiting("s1")], [Op("a", maxChats: 3, work: Chats(chatsInHand))]), offered ? Is.EqualTo("a") : Is.Null);

    [TestCase(0, true)]
    [TestCase(1, false)]
    public void Call_NeedsAFreeOperator(int chatsInHand, bool offered)
    {
        var call = Waiting("call", channel: Channel.Call);
        Assert.That(OperatorFor("call", [call], [Op("a", work: Chats(chatsInHand))]), offered ? Is.EqualTo("a") : Is.Null);
    }

    [Test]
    public void Call_GoesToTheFreeOperator_EvenIfABusierOneIdledLonger()
    {
        var call = Waiting("call", channel: Channel.Call);
        Assert.That(OperatorFor("call", [call], [Op("busy", idleSinceSecond: 0, work: Chats(1)), Op("free", idleSinceSecond: 90)]), Is.EqualTo("free"));
    }

    [Test]
    public void OperatorOnACall_GetsNeitherChatsNorCalls()
    {
        var onCall = Op("a", work: [new ActiveWork("c1", Channel.Call)]);
        Assert.That(Plan([Waiting("chat"), Waiting("call", orderSecond: 1, channel: Channel.Call)], [onCall]), Is.Empty);
    }

    [TestCase(0, false)]
    [TestCase(299, false)]
    [TestCase(300, true)]
    public void RecentDecliner_IsSkipped_UntilTheCoolDownPasses(int secondsAfterDecline, bool offeredAgain)
    {
        var session = Waiting("s1") with { Declines = [new DeclineMark("a", At(300))] };
        Assert.That(OperatorFor("s1", [session], [Op("a")], nowSecond: secondsAfterDecline), offeredAgain ? Is.EqualTo("a") : Is.Null);
    }

    [Test]
    public void RecentDecliner_IsSkipped_InFavourOfAnotherOperator_EvenIfIdleLonger()
    {
        var session = Waiting("s1") with { Declines = [new DeclineMark("a", At(300))] };
        Assert.That(OperatorFor("s1", [session], [Op("a", idleSinceSecond: 0), Op("b", idleSinceSecond: 50)], nowSecond: 100), Is.EqualTo("b"));
    }

    [TestCase(new[] { "a" }, "a", TestName = "ExpiredOffer_LoneOperator_IsOfferedItAgain")]
    [TestCase(new[] { "a", "b" }, "b", TestName = "ExpiredOffer_AnotherEligibleOperator_TakesIt")]
    [TestCase(new[] { "a", "busy" }, "a", TestName = "ExpiredOffer_TheOtherOperatorIsFull_TheLoneEligibleOneGetsItAgain")]
    [TestCase(new[] { "a", "away" }, "a", TestName = "ExpiredOffer_TheOtherOperatorIsAway_TheLoneEligibleOneGetsItAgain")]
    [TestCase(new[] { "a", "pending" }, "a", TestName = "ExpiredOffer_TheOtherOperatorHasAnOfferPending_TheLoneEligibleOneGetsItAgain")]
    public void ExpiredOffer_YieldsOnlyToAnotherEligibleOperator(string[] operators, string expected)
    {
        var session = Waiting("s1") with { Declines = [new DeclineMark("a", At(300), Expired: true)] };
        var ops = operators.Select(id => id switch
        {
            "busy" => Op(id, idleSinceSecond: 50, work: Chats(3)),
            "away" => Op(id, idleSinceSecond: 50) with { Presence = Presence.Away },
            "pending" => Op(id, idleSinceSecond: 50) with { PendingOfferId = "o-other" },
            _ => Op(id, idleSinceSecond: id == "a" ? 0 : 50),
        });
        Assert.That(OperatorFor("s1", [session], ops, nowSecond: 100), Is.EqualTo(expected));
    }

    [Test]
    public void ExplicitDecline_LoneOperator_StaysSkippedForTheCoolDown()
    {
        var session = Waiting("s1") with { Declines = [new DeclineMark("a", At(300))] };
        Assert.That(OperatorFor("s1", [session], [Op("a")], nowSecond: 100), Is.Null);
    }

    [Test]
    public void ExpiredOffer_OtherOperatorTakenByAnOlderSessionInTheSamePlan_LoneOneGetsItAgain()
    {
        var older = Waiting("older", orderSecond: 0);
        var expired = Waiting("s1", orderSecond: 5) with { Declines = [new DeclineMark("a", At(300), Expired: true)] };
        var plan = Plan([older, expired], [Op("a", idleSinceSecond: 50), Op("b", idleSinceSecond: 0)], nowSecond: 100);
        Assert.That(plan.Select(p => (p.Session.Id, p.Operator.Id)), Is.EqualTo(new[] { ("older", "b"), ("s1", "a") }));
    }

    [Test]
    public void DeclineByOneOperator_DoesNotBlockThemFromOtherSessions()
    {
        var declined = Waiting("declined", orderSecond: 0) with { Declines = [new DeclineMark("a", At(300))] };
        var plan = Plan([declined, Waiting("other", orderSecond: 5)], [Op("a")], nowSecond: 10);
        Assert.That(plan.Select(p => (p.Session.Id, p.Operator.Id)), Is.EqualTo(new[] { ("other", "a") }));
    }

    [Test]
    public void SeniorOnlySession_GoesOnlyToSeniorOperators()
    {
        var session = Waiting("s1", seniorOnly: true);
        Assert.That(OperatorFor("s1", [session], [Op("junior", idleSinceSecond: 0)]), Is.Null);
        Assert.That(OperatorFor("s1", [session], [Op("junior", idleSinceSecond: 0), Op("senior", idleSinceSecond: 99, senior: true)]), Is.EqualTo("senior"));
    }

    [Test]
    public void SeniorOnlySession_ReachesASeniorOfAnotherDepartment_ButStillNeedsTheLanguage()
    {
        var session = Waiting("s1", queue: "103", language: "tt", seniorOnly: true);
        Assert.That(OperatorFor("s1", [session], [Op("senior-ru", queues: ["101"], senior: true)]), Is.Null);
        Assert.That(OperatorFor("s1", [session], [Op("senior-tt", queues: ["101"], languages: ["ru", "tt"], senior: true)]), Is.EqualTo("senior-tt"));
    }

    [Test]
    public void LowerPrioritySession_IsStillOffered_WhenNobodyCanServeTheOneAhead()
    {
        var english = Waiting("english", orderSecond: 0, language: "en", priority: Priorities.Critical);
        var russian = Waiting("russian", orderSecond: 5);
        var plan = Plan([english, russian], [Op("ru-only")]);
        Assert.That(plan.Select(p => (p.Session.Id, p.Operator.Id)), Is.EqualTo(new[] { ("russian", "ru-only") }));
    }

    [Test]
    public void Operator_SkilledForSeveralQueues_IsOfferedFromAnyOfThem()
    {
        var plan = Plan([Waiting("q104", queue: "104")], [Op("a", queues: ["101", "104"])]);
        Assert.That(plan.Single().Operator.Id, Is.EqualTo("a"));
    }
}
