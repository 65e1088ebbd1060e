using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Sessions;

public class SessionLifecycleTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);

    private static Session Queued(string queue = "101") => new()
    {
        Id = "s1",
        Ticket = "300000001",
        Queue = queue,
        State = SessionState.Queued,
        CreatedAt = T0,
        QueuedAt = T0,
        OrderAt = T0,
    };

    /// <summary>A session in the given state, with the fields that state carries.</summary>
    private static Session In(SessionState state) => state switch
    {
        SessionState.Offered => Queued().OfferTo("o1"),
        SessionState.Active => Queued().OfferTo("o1").AcceptedBy("o1", "op1", "Anna", T0),
        SessionState.Closed => Queued().Closed("citizen", null, T0),
        _ => Queued() with { State = state },
    };

    [Test]
    public void LegalPath_QueuedOfferedActiveClosed_CarriesOperatorAndCloseDetails()
    {
        var queued = Queued();
        var offered = queued.OfferTo("o1");
        Assert.That(offered.State, Is.EqualTo(SessionState.Offered));
        Assert.That(offered.OfferId, Is.EqualTo("o1"));

        var active = offered.AcceptedBy("o1", "op1", "Anna", T0 + Duration.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(active.State, Is.EqualTo(SessionState.Active));
            Assert.That(active.OfferId, Is.Null);
            Assert.That(active.OperatorId, Is.EqualTo("op1"));
            Assert.That(active.OperatorName, Is.EqualTo("Anna"));
            Assert.That(active.AssignedAt, Is.EqualTo(T0 + Duration.FromSeconds(5)));
        });

        var closed = active.Closed("operator", "answered", T0 + Duration.FromMinutes(3));
        Assert.Multiple(() =>
        {
            Assert.That(closed.State, Is.EqualTo(SessionState.Closed));
            Assert.That(closed.ClosedAt, Is.EqualTo(T0 + Duration.FromMinutes(3)));
            Assert.That(closed.CloseReason, Is.EqualTo("operator"));
            Assert.That(closed.Resolution, Is.EqualTo("answered"));
            Assert.That(closed.Ticket, Is.EqualTo(queued.Ticket));
        });
    }

    [Test]
    public void Transitions_DoNotChangeTheOriginalCopy()
    {
        var queued = Queued();
        _ = queued.OfferTo("o1");
        Assert.That(queued.State, Is.EqualTo(SessionState.Queued));
        Assert.That(queued.OfferId, Is.Null);
    }

    [Test]
    public void Deferred_IsReleasedIntoTheQueue_WithNewQueuedAt_AndOriginalOrder()
    {
        var deferred = Queued() with { State = SessionState.Deferred };
        var later = T0 + Duration.FromHours(10);

        var released = deferred.Released(later);

        Assert.Multiple(() =>
        {
            Assert.That(released.State, Is.EqualTo(SessionState.Queued));
            Assert.That(released.QueuedAt, Is.EqualTo(later));
            Assert.That(released.OrderAt, Is.EqualTo(T0), "oldest deferred sessions are offered first");
        });
    }

    [Test]
    public void OfferWithdrawn_ReturnsToQueue_KeepingItsPlace_AndMarksTheDecliner()
    {
        var offered = Queued().OfferTo("o1");
        var now = T0 + Duration.FromSeconds(20);

        var back = offered.OfferWithdrawn("o1", new DeclineMark("op1", now + Duration.FromMinutes(5)), now);

        Assert.Multiple(() =>
        {
            Assert.That(back.State, Is.EqualTo(SessionState.Queued));
            Assert.That(back.OfferId, Is.Null);
            Assert.That(back.OrderAt, Is.EqualTo(offered.OrderAt));
            Assert.That(back.QueuedAt, Is.EqualTo(offered.QueuedAt));
            Assert.That(back.IsDeclinedBy("op1", now), Is.True);
            Assert.That(back.IsDeclinedBy("op2", now), Is.False);
        });
    }

    [TestCase(0, true)]
    [TestCase(299, true)]
    [TestCase(300, false)]
    [TestCase(301, false)]
    public void DeclineMark_HoldsUntilItsEnd_Exclusive(int secondsAfter, bool stillDeclined)
    {
        var back = Queued().OfferTo("o1").OfferWithdrawn("o1", new DeclineMark("op1", T0 + Duration.FromSeconds(300)), T0);
        Assert.That(back.IsDeclinedBy("op1", T0 + Duration.FromSeconds(secondsAfter)), Is.EqualTo(stillDeclined));
    }

    [Test]
    public void OfferWithdrawn_DropsExpiredMarks_AndReplacesTheSameOperatorsMark()
    {
        var s = Queued().OfferTo("o1").OfferWithdrawn("o1", new DeclineMark("op1", T0 + Duration.FromSeconds(10)), T0);
        s = s.OfferTo("o2").OfferWithdrawn("o2", new DeclineMark("op2", T0 + Duration.FromSeconds(100)), T0 + Duration.FromSeconds(20));
        s = s.OfferTo("o3").OfferWithdrawn("o3", new DeclineMark("op2", T0 + Duration.FromSeconds(200)), T0 + Duration.FromSeconds(30));

        Assert.That(s.Declines, Is.EqualTo(new[] { new DeclineMark("op2", T0 + Duration.FromSeconds(200)) }));
    }

    [Test]
    public void Transfer_RequeuesInAnotherQueue_KeepsTicketAndOrder_RaisesToReturnedPriority()
    {
        var active = In(SessionState.Active) with { Declines = [new DeclineMark("op9", T0 + Duration.FromHours(1))] };
        var now = T0 + Duration.FromMinutes(2);

        var moved = active.Requeued("103", seniorOnly: false, now);

        Assert.Multiple(() =>
        {
            Assert.That(moved.State, Is.EqualTo(SessionState.Queued));
            Assert.That(moved.Queue, Is.EqualTo("103"));
            Assert.That(moved.Ticket, Is.EqualTo(active.Ticket));
            Assert.That(moved.Id, Is.EqualTo(active.Id));
            Assert.That(moved.TransferredFrom, Is.EqualTo(new[] { "101" }));
            Assert.That(moved.Priority, Is.EqualTo(Priorities.Returned));
            Assert.That(moved.QueuedAt, Is.EqualTo(now));
            Assert.That(moved.OrderAt, Is.EqualTo(active.OrderAt));
            Assert.That(moved.OperatorId, Is.Null);
            Assert.That(moved.OperatorName, Is.Null);
            Assert.That(moved.AssignedAt, Is.Null);
            Assert.That(moved.Declines, Is.Empty, "operators of the new queue have not declined it");
            Assert.That(moved.SeniorOnly, Is.False);
        });
    }

    [Test]
    public void Transfer_KeepsAHigherPriority_ThanReturned()
    {
        var critical = In(SessionState.Active) with { Priority = Priorities.Critical };
        Assert.That(critical.Requeued("101", false, T0).Priority, Is.EqualTo(Priorities.Critical));
    }

    [Test]
    public void Transfer_ToSenior_MarksTheSessionSeniorOnly()
    {
        var moved = In(SessionState.Active).Requeued("101", seniorOnly: true, T0);
        Assert.That(moved.SeniorOnly, Is.True);
        Assert.That(moved.Queue, Is.EqualTo("101"));
    }

    [Test]
    public void TransferredTwice_RemembersEveryQueueItPassedThrough()
    {
        var s = In(SessionState.Active).Requeued("102", false, T0);
        s = s.OfferTo("o2").AcceptedBy("o2", "op2", "Boris", T0).Requeued("104", false, T0);
        Assert.That(s.TransferredFrom, Is.EqualTo(new[] { "101", "102" }));
        Assert.That(s.Queue, Is.EqualTo("104"));
    }

    [TestCase(SessionState.Deferred)]
    [TestCase(SessionState.Queued)]
    [TestCase(SessionState.Offered)]
    [TestCase(SessionState.Active)]
    public void Close_IsAllowedFromEveryOpenState(SessionState state)
    {
        var closed = In(state).Closed("citizen", null, T0);
        Assert.That(closed.State, Is.EqualTo(SessionState.Closed));
        Assert.That(closed.OfferId, Is.Null);
    }

    public enum Move { Offer, Withdraw, Accept, Release, Requeue, Close }

    private static Session Apply(Session s, Move move) => move switch
    {
        Move.Offer => s.OfferTo("o2"),
        Move.Withdraw => s.OfferWithdrawn("o1", null, T0),
        Move.Accept => s.AcceptedBy("o1", "op1", "Anna", T0),
        Move.Release => s.Released(T0),
        Move.Requeue => s.Requeued("102", false, T0),
        Move.Close => s.Closed("citizen", null, T0),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    private static readonly Dictionary<Move, SessionState[]> LegalFrom = new()
    {
        [Move.Offer] = [SessionState.Queued],
        [Move.Withdraw] = [SessionState.Offered],
        [Move.Accept] = [SessionState.Offered],
        [Move.Release] = [SessionState.Deferred],
        [Move.Requeue] = [SessionState.Active],
        [Move.Close] = [SessionState.Deferred, SessionState.Queued, SessionState.Offered, SessionState.Active],
    };

    public static IEnumerable<TestCaseData> IllegalMoves() =>
        from move in Enum.GetValues<Move>()
        from state in Enum.GetValues<SessionState>()
        where !LegalFrom[move].Contains(state)
        select new TestCaseData(state, move).SetName($"IllegalMove_{move}_From{state}_IsRefusedAsConflict");

    [TestCaseSource(nameof(IllegalMoves))]
    public void IllegalMove_IsRefusedAsConflict(SessionState from, Move move)
    {
        var session = In(from);
        Refused.By(DomainErrorKind.Conflict, () => Apply(session, move), "illegal_transition");
    }

    public static IEnumerable<TestCaseData> LegalMoves() =>
        from move in Enum.GetValues<Move>()
        from state in LegalFrom[move]
        select new TestCaseData(state, move).SetName($"LegalMove_{move}_From{state}_IsAllowed");

    [TestCaseSource(nameof(LegalMoves))]
    public void LegalMove_IsAllowed(SessionState from, Move move) =>
        Assert.That(() => Apply(In(from), move), Throws.Nothing);

    [Test]
    public void Offer_IsRefused_WhenTheSessionAlreadyCarriesAnOffer()
    {
        var inconsistent = Queued() with { OfferId = "o1" };
        Refused.By(DomainErrorKind.Conflict, () => inconsistent.OfferTo("o2"), "illegal_transition");
    }

    [Test]
    public void AcceptOrWithdraw_OfAnotherOffer_IsRefusedAsConflict()
    {
        var offered = Queued().OfferTo("o1");
        Refused.By(DomainErrorKind.Conflict, () => offered.AcceptedBy("other", "op1", "Anna", T0), "illegal_transition");
        Refused.By(DomainErrorKind.Conflict, () => offered.OfferWithdrawn("other", null, T0), "illegal_transition");
    }

    [TestCase(SessionState.Deferred, true)]
    [TestCase(SessionState.Queued, true)]
    [TestCase(SessionState.Offered, true)]
    [TestCase(SessionState.Active, false)]
    [TestCase(SessionState.Closed, false)]
    public void IsWaiting_CoversDeferredQueuedAndOffered(SessionState state, bool waiting) =>
        Assert.That(In(state).IsWaiting, Is.EqualTo(waiting));
}
