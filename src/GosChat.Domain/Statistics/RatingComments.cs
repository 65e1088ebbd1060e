using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>One comment a citizen left with their rating: when the session closed, the score and the text, nothing else.</summary>
public sealed record RatingComment(Instant At, int Rating, string Comment);

/// <summary>
/// Notes each rating that came with a comment in <see cref="IRatingCommentLog"/> (the session id only) and reads the
/// latest comments per queue back from the sessions, so a comment erased with the citizen's data, or gone with the
/// session at the end of its retention, is no longer shown. A failure to note one never fails the rating.
/// </summary>
public sealed class RatingComments(IRatingCommentLog log, IRoutingStore sessions) : ISessionObserver
{
    public const int MaxLimit = IRatingCommentLog.MaxKept;

    public event Action<Exception>? Failed;

    public async Task RatedAsync(Session session)
    {
        if (string.IsNullOrWhiteSpace(session.RatingComment)) return;
        try
        {
            await log.AddAsync(session.Queue, session.Id, session.ClosedAt ?? session.QueuedAt);
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
        }
    }

    /// <summary>
    /// Per queue of the catalogue, its latest comments, newest first, at most <paramref name="limit"/> (1–50); with a
    /// <paramref name="period"/>, only those whose session closed within it (read from the newest <see cref="MaxLimit"/> noted).
    /// </summary>
    public async Task<IReadOnlyList<(string Queue, IReadOnlyList<RatingComment> Comments)>> LatestAsync(int limit, Interval? period = null)
    {
        if (limit is < 1 or > MaxLimit)
            throw DomainException.BadRequest(ErrorCodes.BadRequest, $"limit must be between 1 and {MaxLimit}.");
        var result = new List<(string, IReadOnlyList<RatingComment>)>();
        foreach (var queue in QueueCatalog.All)
        {
            var ids = await log.LatestAsync(queue.Id, period is null ? limit : MaxLimit);
            var found = ids.Count == 0 ? [] : (await sessions.GetSessionsAsync(ids)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            var comments = ids.Select(id => found.GetValueOrDefault(id))
                .Where(s => s is { Rating: not null } && !string.IsNullOrWhiteSpace(s.RatingComment))
                .Select(s => new RatingComment(s!.ClosedAt ?? s.QueuedAt, s.Rating!.Value, s.RatingComment!))
                .Where(c => period is not { } p || p.Contains(c.At))
                .Take(limit)
                .ToList();
            result.Add((queue.Id, comments));
        }
        return result;
    }
}
