using NodaTime;

namespace GosChat.Domain.Limits;

/// <summary>
/// A fixed-window counter held by one connection (a connection lives on one node, so it needs no shared store):
/// the cheap first check that turns a flooding connection away before anything else is spent on it.
/// </summary>
public sealed class LocalWindow(LimitRule rule)
{
    private readonly object _gate = new();
    private long _window = long.MinValue;
    private int _count;

    /// <summary>Counts one; false when that is over the limit (the count stays at the limit).</summary>
    public bool TryTake(Instant now)
    {
        var window = rule.WindowOf(now);
        lock (_gate)
        {
            if (window != _window)
            {
                _window = window;
                _count = 0;
            }
            if (_count >= rule.Limit) return false;
            _count++;
            return true;
        }
    }
}
