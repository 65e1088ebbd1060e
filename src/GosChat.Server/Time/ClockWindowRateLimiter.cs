using System.Threading.RateLimiting;
using GosChat.Domain.Limits;
using NodaTime;

namespace GosChat.Server.Time;

/// <summary>
/// A fixed-window limiter whose windows are cut from the application's <see cref="IClock"/>:
/// <c>limit</c> permits per window, windows aligned to whole multiples of <c>window</c> since the epoch.
/// It never queues; a refused lease says when the next window opens (<see cref="MetadataName.RetryAfter"/>).
/// </summary>
/// <remarks>The framework's own limiters replenish on a real-time timer, which a test clock cannot move.</remarks>
public sealed class ClockWindowRateLimiter : RateLimiter
{
    private readonly IClock _clock;
    private readonly int _limit;
    private readonly Duration _window;
    private readonly object _gate = new();
    private long _windowIndex = long.MinValue;
    private int _used;
    private long _successful, _failed;
    private Instant _lastUse;

    public ClockWindowRateLimiter(IClock clock, int limit, Duration window)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (window <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
        _clock = clock;
        _limit = limit;
        _window = window;
        _lastUse = clock.GetCurrentInstant();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate) return (_clock.GetCurrentInstant() - _lastUse).ToTimeSpan();
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Roll(_clock.GetCurrentInstant());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _limit - _used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        lock (_gate)
        {
            var now = _clock.GetCurrentInstant();
            _lastUse = now;
            Roll(now);
            if (_used + permitCount <= _limit)
            {
                _used += permitCount;
                _successful++;
                return Lease.Granted;
            }
            _failed++;
            var nextWindow = FixedWindow.EndOf(_windowIndex, _window);
            return new Lease(false, (nextWindow - now).ToTimeSpan());
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Roll(Instant now)
    {
        var index = FixedWindow.IndexOf(now, _window);
        if (index == _windowIndex) return;
        _windowIndex = index;
        _used = 0;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}

/// <summary>Rate-limit partitions on the application clock.</summary>
public static class ClockRateLimitPartition
{
    /// <summary>A partition of <paramref name="perMinute"/> permits a minute per <paramref name="key"/>, on the request's <see cref="IClock"/>.</summary>
    public static RateLimitPartition<string> PerMinute(HttpContext http, string key, int perMinute)
    {
        var clock = http.RequestServices.GetRequiredService<IClock>();
        return RateLimitPartition.Get(key, _ => new ClockWindowRateLimiter(clock, Math.Max(1, perMinute), Duration.FromMinutes(1)));
    }
}
