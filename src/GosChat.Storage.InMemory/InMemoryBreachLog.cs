using GosChat.Domain.Deadlines;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary><see cref="IBreachLog"/> in process, for one node: a set of breach ids per queue and day.</summary>
public sealed class InMemoryBreachLog : IBreachLog
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Queue, LocalDate Day), HashSet<string>> _breaches = new();

    public Task RecordAsync(string queue, LocalDate day, string breachId)
    {
        lock (_gate)
        {
            if (!_breaches.TryGetValue((queue, day), out var ids)) _breaches[(queue, day)] = ids = new HashSet<string>(StringComparer.Ordinal);
            ids.Add(breachId);
        }
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(string queue, LocalDate day)
    {
        lock (_gate) return Task.FromResult(_breaches.TryGetValue((queue, day), out var ids) ? ids.Count : 0);
    }
}
