using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>Statistics buckets in process memory.</summary>
public sealed class InMemoryStatisticsStore : IStatisticsStore
{
    private readonly Dictionary<(string Queue, Instant Start), Dictionary<string, long>> _buckets = new();

    public Task IncrementAsync(string queue, Instant bucket, IReadOnlyDictionary<string, long> amounts)
    {
        lock (_buckets)
        {
            if (!_buckets.TryGetValue((queue, bucket), out var counters)) _buckets[(queue, bucket)] = counters = new Dictionary<string, long>();
            foreach (var (name, amount) in amounts) counters[name] = counters.GetValueOrDefault(name) + amount;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StatsBucket>> GetAsync(string queue, Instant from, Instant to)
    {
        lock (_buckets)
        {
            IReadOnlyList<StatsBucket> result = _buckets
                .Where(kv => kv.Key.Queue == queue && kv.Key.Start >= from && kv.Key.Start < to)
                .OrderBy(kv => kv.Key.Start)
                .Select(kv => new StatsBucket(queue, kv.Key.Start, new Dictionary<string, long>(kv.Value)))
                .ToList();
            return Task.FromResult(result);
        }
    }
}
