using GosChat.Domain.Calls;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// What a store needs beyond the other ports to find everything held about a citizen and to let it go: sessions
/// by ticket, closed sessions by the time they closed (for retention), and erasure of a session's data, a booking
/// and citizen-history entries. Every erasure is idempotent (a repeated or concurrent one finds less to remove).
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>Records the session under its ticket and, once it is closed, under the time it closed. Called at start and at close.</summary>
    Task IndexAsync(Session session);

    /// <summary>The session with this ticket, or null.</summary>
    Task<string?> FindSessionByTicketAsync(string ticket);

    /// <summary>Ids of sessions that closed at or before <paramref name="cutoff"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ClosedBeforeAsync(Instant cutoff, int limit);

    /// <summary>Removes the session's record, its messages, the named attachments, its ticket and its closing entry.</summary>
    Task EraseSessionAsync(string sessionId, string? ticket, IReadOnlyCollection<string> attachmentIds);

    /// <summary>Removes the booking and its place in its slot.</summary>
    Task EraseCallbackAsync(CallbackBooking booking);

    /// <summary>
    /// Erases data no session refers to any more that was written at or before <paramref name="cutoff"/> (the files of an
    /// embedded node's sessions lost at a restart); the number of sessions' data erased. Redis expires such data itself.
    /// </summary>
    Task<int> PurgeOrphansAsync(Instant cutoff);

    /// <summary>Removes the sessions from the citizen's history.</summary>
    Task ForgetCitizenSessionsAsync(string citizenKey, IReadOnlyCollection<string> sessionIds);
}
