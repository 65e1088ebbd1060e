using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// Keeps a <see cref="ContactRecord"/> of every closed session under the local day it was created on, and updates it
/// when the citizen rates. Like <see cref="StatisticsRecorder"/>, a failure never fails the command (see <see cref="Failed"/>).
/// </summary>
public sealed class ContactRecorder(IContactRecordStore store, DateTimeZone zone) : ISessionObserver
{
    public event Action<Exception>? Failed;

    public Task ClosedAsync(Session session) => PutAsync(session);

    public Task RatedAsync(Session session) => PutAsync(session);

    /// <summary>The local day a session counts in.</summary>
    public static LocalDate DayOf(Instant createdAt, DateTimeZone zone) => createdAt.InZone(zone).Date;

    private async Task PutAsync(Session session)
    {
        if (session.State != SessionState.Closed) return;
        try
        {
            await store.PutAsync(DayOf(session.CreatedAt, zone), ContactRecord.From(session));
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
        }
    }
}
