using GosChat.Domain.Statistics;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>Closed sessions' records by local day, for reports over days (<see cref="ContactRecord"/>).</summary>
public interface IContactRecordStore
{
    /// <summary>Stores or replaces (same key) the record under <paramref name="day"/>.</summary>
    Task PutAsync(LocalDate day, ContactRecord record);

    /// <summary>Every record of the days <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    Task<IReadOnlyList<ContactRecord>> GetAsync(LocalDate from, LocalDate to);
}
