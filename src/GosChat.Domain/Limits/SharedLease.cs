using NodaTime;

namespace GosChat.Domain.Limits;

/// <summary>
/// A connection's share of a shared limit, taken a few at a time: one round trip to the shared counters per
/// <c>chunk</c> uses instead of one per use, which keeps the limit off the hot path. The count is therefore exact to
/// within one chunk per connection; a share left over when the window ends is dropped, never carried into the next.
/// </summary>
public sealed class SharedLease
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _key;
    private long _window = long.MinValue;
    private int _credit;

    /// <summary>Takes one use of <paramref name="key"/> under <paramref name="rule"/>; refuses (rate_limited) past it.</summary>
    public async Task TakeAsync(AbuseLimits limits, string key, LimitRule rule, Instant now, int chunk, string what)
    {
        var window = rule.WindowOf(now);
        await _gate.WaitAsync();
        try
        {
            if (_key != key || _window != window)
            {
                _key = key;
                _window = window;
                _credit = 0;
            }
            if (_credit == 0)
            {
                await limits.TakeAsync(key, rule, what, chunk);
                _credit = chunk;
            }
            _credit--;
        }
        finally
        {
            _gate.Release();
        }
    }
}
