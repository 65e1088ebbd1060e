using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary><see cref="IRatingCommentLog"/> in memory: per queue, session ids by time, the newest <see cref="IRatingCommentLog.MaxKept"/> kept.</summary>
public sealed class InMemoryRatingCommentLog : IRatingCommentLog
{
    private readonly Dictionary<string, Dictionary<string, Instant>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task AddAsync(string queue, string sessionId, Instant at)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var ids)) _queues[queue] = ids = new Dictionary<string, Instant>(StringComparer.Ordinal);
            ids[sessionId] = at;
            foreach (var old in ids.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key, StringComparer.Ordinal).Skip(IRatingCommentLog.MaxKept).ToList())
                ids.Remove(old.Key);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> LatestAsync(string queue, int limit)
    {
        lock (_gate)
        {
            IReadOnlyList<string> result = _queues.TryGetValue(queue, out var ids)
                ? ids.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key, StringComparer.Ordinal).Take(Math.Max(0, limit)).Select(p => p.Key).ToList()
                : [];
            return Task.FromResult(result);
        }
    }
}
