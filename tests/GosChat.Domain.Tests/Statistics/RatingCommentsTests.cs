using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

/// <summary>The latest rating comments per queue: only ratings with a comment, newest first, read from the sessions so an erased comment is gone.</summary>
public sealed class RatingCommentsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private InMemoryRoutingStore _sessions = null!;
    private RatingComments _comments = null!;
    private int _n;

    private async Task<Session> RatedAsync(string queue, int minutes, int rating, string? comment, bool stored = true)
    {
        var id = "s" + ++_n;
        var session = new Session
        {
            Id = id, Ticket = "3" + _n.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture), Queue = queue,
            State = SessionState.Closed, CreatedAt = T0, QueuedAt = T0, OrderAt = T0, ClosedAt = T0 + Duration.FromMinutes(minutes),
            CitizenName = "Иван Петров", Phone = "+79990000000", Rating = rating, RatingComment = comment,
        };
        if (stored) await _sessions.CommitAsync(new RoutingChange().Put(session));
        await _comments.RatedAsync(session);
        return session;
    }

    [SetUp]
    public void SetUp()
    {
        _sessions = new InMemoryRoutingStore();
        _comments = new RatingComments(new InMemoryRatingCommentLog(), _sessions);
    }

    [Test]
    public async Task Latest_PerQueue_NewestFirst_OnlyWithAComment()
    {
        await RatedAsync("101", 10, 5, "Спасибо, всё решили");
        await RatedAsync("101", 20, 2, "Долго ждал ответа");
        await RatedAsync("101", 30, 4, null);   // a score without a comment: not listed
        await RatedAsync("101", 40, 3, "   ");  // blank: not listed
        await RatedAsync("102", 15, 1, "Не помогли");

        var latest = (await _comments.LatestAsync(10)).ToDictionary(q => q.Queue, q => q.Comments);

        Assert.That(latest["101"], Is.EqualTo(new[]
        {
            new RatingComment(T0 + Duration.FromMinutes(20), 2, "Долго ждал ответа"),
            new RatingComment(T0 + Duration.FromMinutes(10), 5, "Спасибо, всё решили"),
        }));
        Assert.That(latest["102"].Single().Comment, Is.EqualTo("Не помогли"));
        Assert.That(latest["103"], Is.Empty);
        Assert.That((await _comments.LatestAsync(1)).First().Comments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ACommentWhoseSessionIsGone_IsNoLongerShown()
    {
        // Erasure and the retention purge delete the session; the log still names it, the comment is not found.
        await RatedAsync("101", 10, 5, "Мой номер +7 999 000-00-00", stored: false);
        await RatedAsync("101", 20, 4, "Хорошо");

        var latest = (await _comments.LatestAsync(10)).Single(q => q.Queue == "101").Comments;

        Assert.That(latest.Select(c => c.Comment), Is.EqualTo(new[] { "Хорошо" }));
    }

    [Test]
    public async Task Latest_WithAPeriod_ListsOnlyTheCommentsOfSessionsClosedWithinIt()
    {
        await RatedAsync("101", 10, 5, "Раньше периода");
        await RatedAsync("101", 60, 4, "В периоде");
        await RatedAsync("101", 90, 3, "Тоже в периоде");
        await RatedAsync("101", 120, 2, "На границе: уже после");

        var period = new Interval(T0 + Duration.FromMinutes(60), T0 + Duration.FromMinutes(120));
        var latest = (await _comments.LatestAsync(10, period)).Single(q => q.Queue == "101").Comments;
        Assert.That(latest.Select(c => c.Comment), Is.EqualTo(new[] { "Тоже в периоде", "В периоде" }));
        Assert.That((await _comments.LatestAsync(1, period)).Single(q => q.Queue == "101").Comments.Single().Comment, Is.EqualTo("Тоже в периоде"));
    }

    [TestCase(0)]
    [TestCase(51)]
    public void ALimitOutOfRange_IsRefused(int limit)
    {
        var error = Assert.ThrowsAsync<DomainException>(() => _comments.LatestAsync(limit));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.BadRequest));
    }
}
