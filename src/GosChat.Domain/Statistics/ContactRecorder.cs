using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// Keeps a <see cref="ContactRecord"/> of every closed session under the local day it was created on, and updates it
/// when the citizen rates. Like <see cref="StatisticsRecorder"/>, a failure never fails the command (see <see cref="Failed"/>).
/// </summary>
/// <remarks>
/// A session with a verified identity is marked a repeat when the citizen's history (<see cref="ICitizenHistory"/>) holds
/// another of their sessions created in the <see cref="ContactRecord.RepeatWindowDays"/> days before it; only the yes/no
/// is kept, never the citizen's key.
/// </remarks>
public sealed class ContactRecorder(IContactRecordStore store, DateTimeZone zone, ICitizenHistory? history = null, IRoutingStore? sessions = null)
    : ISessionObserver
{
    /// <summary>How many of the citizen's latest sessions are looked at.</summary>
    public const int HistoryLimit = 20;

    public event Action<Exception>? Failed;

    public Task ClosedAsync(Session session) => PutAsync(session);

    public Task RatedAsync(Session session) => PutAsync(session);

    /// <summary>The local day a session counts in.</summary>
    public static LocalDate DayOf(Instant createdAt, DateTimeZone zone) => createdAt.InZone(zone).Date;

    private async Task<bool?> RepeatAsync(Session session)
    {
        if (session.HistoryKey is not { } key || history is null || sessions is null) return null;
        var since = session.CreatedAt - Duration.FromDays(ContactRecord.RepeatWindowDays);
        var others = (await history.ListAsync(key, HistoryLimit)).Where(id => id != session.Id).ToList();
        if (others.Count == 0) return false;
        // Erased or expired sessions are gone: they count as no contact.
        return (await sessions.GetSessionsAsync(others)).Any(o => o.CreatedAt < session.CreatedAt && o.CreatedAt >= since);
    }

    private async Task PutAsync(Session session)
    {
        if (session.State != SessionState.Closed) return;
        try
        {
            await store.PutAsync(DayOf(session.CreatedAt, zone), ContactRecord.From(session) with { Repeat = await RepeatAsync(session) });
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
        }
    }
}
