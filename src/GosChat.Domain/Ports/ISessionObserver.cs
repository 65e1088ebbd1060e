using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// Told of each step of a session's life after it is committed: deadlines and statistics hang off these.
/// Observers run concurrently on the node that made the change; an exception fails the command that caused it
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

    /// <summary>The citizen rated the (closed) session.</summary>
    Task RatedAsync(Session session) => Task.CompletedTask;
}

/// <summary>Calls every observer; they are independent of each other, so they run concurrently.</summary>
public sealed class SessionObservers(IEnumerable<ISessionObserver> observers)
{
    private readonly ISessionObserver[] _observers = observers.ToArray();

    public static readonly SessionObservers None = new([]);

    public Task StartedAsync(Session s) => All(o => o.StartedAsync(s));
    public Task QueuedAsync(Session s) => All(o => o.QueuedAsync(s));
    public Task AcceptedAsync(Session s) => All(o => o.AcceptedAsync(s));
    public Task FirstReplyAsync(Session s) => All(o => o.FirstReplyAsync(s));
    public Task ClosedAsync(Session s) => All(o => o.ClosedAsync(s));
    public Task RatedAsync(Session s) => All(o => o.RatedAsync(s));

    private Task All(Func<ISessionObserver, Task> call) =>
        _observers.Length switch
        {
            0 => Task.CompletedTask,
            1 => call(_observers[0]),
            _ => Task.WhenAll(_observers.Select(call)),
        };
}
