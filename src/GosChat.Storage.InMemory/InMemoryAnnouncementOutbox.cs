using GosChat.Domain.Deadlines;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary><see cref="IAnnouncementOutbox"/> in process, for one node.</summary>
public sealed class InMemoryAnnouncementOutbox : IAnnouncementOutbox
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Instant> _pending = new(StringComparer.Ordinal);

    public Task AddAsync(string entry, Instant at)
    {
        lock (_gate) _pending.TryAdd(entry, at);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string entry)
    {
        lock (_gate) _pending.Remove(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ClaimAsync(Instant olderThan, Instant now, int max)
    {
        lock (_gate)
        {
            var due = _pending.Where(p => p.Value <= olderThan).OrderBy(p => p.Value).Take(max).Select(p => p.Key).ToList();
            foreach (var entry in due) _pending[entry] = now;
            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    public Task<long> CountAsync()
    {
        lock (_gate) return Task.FromResult((long)_pending.Count);
    }
}
