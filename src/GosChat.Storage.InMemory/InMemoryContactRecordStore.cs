using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>Contact records in process memory, by day; days older than <c>retention</c> are dropped as new ones arrive.</summary>
public sealed class InMemoryContactRecordStore(int retentionDays = 400) : IContactRecordStore
{
    private readonly SortedDictionary<LocalDate, Dictionary<string, ContactRecord>> _days = new();

    public Task PutAsync(LocalDate day, ContactRecord record)
    {
        lock (_days)
        {
            if (!_days.TryGetValue(day, out var records)) _days[day] = records = new Dictionary<string, ContactRecord>(StringComparer.Ordinal);
            records[record.Key] = record;
            foreach (var old in _days.Keys.Where(d => d < day.PlusDays(-retentionDays)).ToList()) _days.Remove(old);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContactRecord>> GetAsync(LocalDate from, LocalDate to)
    {
        lock (_days)
        {
            IReadOnlyList<ContactRecord> result = _days.Where(kv => kv.Key >= from && kv.Key <= to).SelectMany(kv => kv.Value.Values).ToList();
            return Task.FromResult(result);
        }
    }
}
