using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Sessions;

public class RatingTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);

    private static Session Open(SessionState state) => new()
    {
        Id = "s1", Ticket = "300000001", Queue = "101", State = state, CreatedAt = T0, QueuedAt = T0, OrderAt = T0,
    };

    private static Session ClosedSession() => Open(SessionState.Queued).Closed("operator", null, T0);

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(5)]
    public void Rate_AfterClose_WithScoreOneToFive_IsKept(int score)
    {
        var rated = ClosedSession().Rated(score, "thanks");
        Assert.That(rated.Rating, Is.EqualTo(score));
        Assert.That(rated.RatingComment, Is.EqualTo("thanks"));
    }

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(-1)]
    [TestCase(int.MaxValue)]
    public void Rate_OutsideOneToFive_IsBadRequest(int score) =>
        Refused.By(DomainErrorKind.BadRequest, () => ClosedSession().Rated(score, null), "bad_score");

    [TestCase(SessionState.Deferred)]
    [TestCase(SessionState.Queued)]
    [TestCase(SessionState.Offered)]
    [TestCase(SessionState.Active)]
    public void Rate_BeforeClose_IsConflict(SessionState state) =>
        Refused.By(DomainErrorKind.Conflict, () => Open(state).Rated(5, null), "not_closed");

    [Test]
    public void Rate_Twice_IsConflict_AndKeepsTheFirstScore()
    {
        var rated = ClosedSession().Rated(4, null);
        Refused.By(DomainErrorKind.Conflict, () => rated.Rated(1, null), "already_rated");
        Assert.That(rated.Rating, Is.EqualTo(4));
    }
}
