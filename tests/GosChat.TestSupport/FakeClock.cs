using NodaTime;

namespace GosChat.TestSupport;

/// <summary>A clock that moves only when a test tells it to. Thread-safe.</summary>
public sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    private Instant _now;

    public FakeClock(Instant start) => _now = start;

    /// <summary>A clock at the given UTC date and time.</summary>
    public static FakeClock AtUtc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(Instant.FromUtc(year, month, day, hour, minute, second));

    public Instant GetCurrentInstant()
    {
        lock (_gate) return _now;
    }

    public void Advance(Duration by)
    {
        lock (_gate) _now += by;
    }

    public void AdvanceSeconds(double seconds) => Advance(Duration.FromSeconds(seconds));

    public void Reset(Instant to)
    {
        lock (_gate) _now = to;
    }
}
