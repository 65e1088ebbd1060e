using GosChat.Domain.Limits;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>Limit counters in process memory (one node); windows that have passed are dropped as new ones start.</summary>
public sealed class InMemoryLimitCounters : ILimitCounters
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (long Window, long EndTicks, long Count)> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Value, long TouchedAt)> _gauges = new(StringComparer.Ordinal);
    private int _sinceSweep;

    public Task<long> AddAsync(string key, long amount, Instant now, Duration window)
    {
        var index = FixedWindow.IndexOf(now, window);
        lock (_gate)
        {
            if (++_sinceSweep >= 10_000) Sweep(now.ToUnixTimeTicks());
            var count = _windows.TryGetValue(key, out var current) && current.Window == index ? current.Count + amount : amount;
            _windows[key] = (index, FixedWindow.EndOf(index, window).ToUnixTimeTicks(), count);
            return Task.FromResult(count);
        }
    }

    public Task<long> AdjustAsync(string key, long delta, TimeSpan idleExpiry)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            var value = (_gauges.TryGetValue(key, out var g) && now - g.TouchedAt < idleExpiry.TotalMilliseconds ? g.Value : 0) + delta;
            if (value <= 0) _gauges.Remove(key);
            else _gauges[key] = (value, now);
            return Task.FromResult(Math.Max(0, value));
        }
    }

    /// <summary>Drops counters whose window has ended.</summary>
    private void Sweep(long nowTicks)
    {
        _sinceSweep = 0;
        foreach (var key in _windows.Where(kv => kv.Value.EndTicks <= nowTicks).Select(kv => kv.Key).ToList())
            _windows.Remove(key);
    }
}
