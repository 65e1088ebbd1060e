using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// Per queue, the ids of the latest sessions whose citizen left a comment with the rating (at most
/// <see cref="MaxKept"/>, newest first), kept for the closed-session retention. Only ids: the comment itself stays in the
/// session (encrypted at rest, erased with the citizen's data), read through the routing store when shown.
/// </summary>
public interface IRatingCommentLog
{
    public const int MaxKept = 50;

    /// <summary>Notes that <paramref name="sessionId"/> of <paramref name="queue"/> got a comment; idempotent per session.</summary>
    Task AddAsync(string queue, string sessionId, Instant at);

    /// <summary>The queue's latest commented session ids, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> LatestAsync(string queue, int limit);
}
