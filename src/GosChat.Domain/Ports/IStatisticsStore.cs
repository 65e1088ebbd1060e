using GosChat.Domain.Statistics;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// Per-queue counters in 5-minute buckets, shared by every node: increments add up whichever node makes them.
/// </summary>
public interface IStatisticsStore
{
    /// <summary>Adds each amount to its counter in the bucket of <paramref name="queue"/> that starts at <paramref name="bucket"/>.</summary>
    Task IncrementAsync(string queue, Instant bucket, IReadOnlyDictionary<string, long> amounts);

    /// <summary>The buckets of <paramref name="queue"/> starting in [from, to), oldest first; buckets with nothing are left out.</summary>
    Task<IReadOnlyList<StatsBucket>> GetAsync(string queue, Instant from, Instant to);
}
