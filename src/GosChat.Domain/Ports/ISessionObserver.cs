using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// Told of each step of a session's life after it is committed: deadlines and statistics hang off these.
/// Observers run in order on the node that made the change; an exception fails the command that caused it
/// (the change itself is already stored, so retries must be idempotent).
/// </summary>
public interface ISessionObserver
{
    /// <summary>A new session was stored (queued or deferred), once, at start.</summary>
    Task StartedAsync(Session session) => Task.CompletedTask;

    /// <summary>The session entered a queue while the queue is open: at start, when released at opening, or back from an operator.</summary>
    Task QueuedAsync(Session session) => Task.CompletedTask;

    /// <summary>An operator accepted the session (a call is answered).</summary>
    Task AcceptedAsync(Session session) => Task.CompletedTask;

    /// <summary>The operator's first message in the session.</summary>
    Task FirstReplyAsync(Session session) => Task.CompletedTask;

    /// <summary>The session was closed.</summary>
    Task ClosedAsync(Session session) => Task.CompletedTask;
}

/// <summary>Calls every observer in turn.</summary>
public sealed class SessionObservers(IEnumerable<ISessionObserver> observers)
{
    private readonly ISessionObserver[] _observers = observers.ToArray();

    public static readonly SessionObservers None = new([]);

    public async Task StartedAsync(Session s) { foreach (var o in _observers) await o.StartedAsync(s); }
    public async Task QueuedAsync(Session s) { foreach (var o in _observers) await o.QueuedAsync(s); }
    public async Task AcceptedAsync(Session s) { foreach (var o in _observers) await o.AcceptedAsync(s); }
    public async Task FirstReplyAsync(Session s) { foreach (var o in _observers) await o.FirstReplyAsync(s); }
    public async Task ClosedAsync(Session s) { foreach (var o in _observers) await o.ClosedAsync(s); }
}
