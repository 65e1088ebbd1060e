using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Announcements that matter (deadline breaches) not yet known to be announced, shared by every node. An entry is
/// added before the change it announces is committed and removed once the announcement was published and marked
/// done; an entry that stays (its node died or hung in between) is claimed by another node's retry after a grace
/// period. Entries are opaque strings (a job payload: ids and times, no personal data).
/// </summary>
public interface IAnnouncementOutbox
{
    /// <summary>Adds <paramref name="entry"/> as pending since <paramref name="at"/> (again: keeps the earlier time).</summary>
    Task AddAsync(string entry, Instant at);

    /// <summary>Forgets <paramref name="entry"/> (nothing when absent).</summary>
    Task RemoveAsync(string entry);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> entries pending since <paramref name="olderThan"/> or earlier and
    /// marks them pending since <paramref name="now"/>, so another node's retry skips them for one grace period.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimAsync(Instant olderThan, Instant now, int max);

    /// <summary>How many entries are pending.</summary>
    Task<long> CountAsync();
}
