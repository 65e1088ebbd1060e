using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>The response deadlines the help line promises (SERVICE-RULES.md, "Deadlines").</summary>
public enum DeadlineKind
{
    /// <summary>Chat: the operator's first reply (wire name "firstResponse").</summary>
    FirstResponse,
    /// <summary>Chat: the request resolved and closed ("resolution").</summary>
    Resolution,
    /// <summary>Phone: the call answered ("answer").</summary>
    Answer,
    /// <summary>Phone under overload: the caller told the request was accepted ("confirmation").</summary>
    CallbackConfirmation,
}

/// <summary>Starts and stops the watch on one deadline of one session; durable across restarts and nodes.</summary>
public interface IDeadlineScheduler
{
    /// <summary>Starts (or restarts) the clock of <paramref name="kind"/> for the session at <paramref name="startedAt"/>.</summary>
    Task StartAsync(Session session, DeadlineKind kind, Instant startedAt);

    /// <summary>The deadline was met (or no longer applies): stop watching it. Idempotent.</summary>
    Task StopAsync(string sessionId, DeadlineKind kind);
}

/// <summary>Watches nothing: for tools and tests without deadlines.</summary>
public sealed class NoDeadlines : IDeadlineScheduler
{
    public Task StartAsync(Session session, DeadlineKind kind, Instant startedAt) => Task.CompletedTask;
    public Task StopAsync(string sessionId, DeadlineKind kind) => Task.CompletedTask;
}
