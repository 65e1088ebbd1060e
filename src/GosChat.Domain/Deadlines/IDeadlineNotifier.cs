using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>Tells people about deadlines; the server pushes these to operators' and supervisors' consoles.</summary>
public interface IDeadlineNotifier
{
    /// <summary>A deadline is near: to <paramref name="operatorId"/> (the operator holding or offered the session), or to supervisors when null.</summary>
    Task WarningAsync(Session session, DeadlineKind kind, Instant dueAt, string? operatorId);

    /// <summary>A deadline was missed (sent once, when the breach is recorded): to supervisors.</summary>
    Task BreachedAsync(Session session, DeadlineBreach breach);
}

/// <summary>
/// Breaches per queue and local day, shared by every node. Recording is idempotent by <c>breachId</c>, so a
/// breach job that runs twice counts once.
/// </summary>
public interface IBreachLog
{
    Task RecordAsync(string queue, LocalDate day, string breachId);

    Task<int> CountAsync(string queue, LocalDate day);
}
