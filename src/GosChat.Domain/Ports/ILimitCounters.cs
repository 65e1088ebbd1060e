using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// Counters behind the abuse limits, shared by every node (Redis when configured), so a limit is the same
/// whichever node a client reaches. Times come from the caller's clock.
/// </summary>
public interface ILimitCounters
{
    /// <summary>
    /// Adds <paramref name="amount"/> to <paramref name="key"/> in the fixed window of length <paramref name="window"/>
    /// that contains <paramref name="now"/> (windows are aligned to the Unix epoch); returns the window's total.
    /// </summary>
    Task<long> AddAsync(string key, long amount, Instant now, Duration window);

    /// <summary>
    /// Moves the gauge <paramref name="key"/> (e.g. open connections) by <paramref name="delta"/> and returns its value.
    /// A gauge nobody moves for <paramref name="idleExpiry"/> of real time is forgotten, so counts left by a crashed
    /// node do not stay forever.
    /// </summary>
    Task<long> AdjustAsync(string key, long delta, TimeSpan idleExpiry);
}
