using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>What happened when a job was handed to <see cref="JobDispatcher.RunAsync"/>.</summary>
/// <param name="Ran">True when the handler ran (and returned).</param>
/// <param name="Remaining">When it did not run because it woke early: how long until it is due (application clock).</param>
public readonly record struct JobRun(bool Ran, Duration Remaining)
{
    public static JobRun Done => new(true, Duration.Zero);

    public static JobRun Early(Duration remaining) => new(false, remaining);
}

/// <summary>
/// The one door through which a scheduler hands the domain a job that woke up. It re-checks the due time against
/// the application <see cref="IClock"/> first — a scheduler keeps its own time (whole seconds, polling, retries),
/// and tests move a fake clock — and answers <see cref="JobRun.Early"/> without running anything when the job is
/// not due yet, so the caller puts it back. Otherwise it runs the handler of the job's kind; a handler's exception
/// propagates (the scheduler retries).
/// </summary>
public sealed class JobDispatcher
{
    private readonly IClock _clock;
    private readonly Dictionary<string, IJobHandler> _handlers = new(StringComparer.Ordinal);

    public JobDispatcher(IEnumerable<IJobHandler> handlers, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        foreach (var handler in handlers)
        {
            if (string.IsNullOrEmpty(handler.Kind))
                throw new ArgumentException($"Handler {handler.GetType().Name} has an empty job kind.", nameof(handlers));
            if (!_handlers.TryAdd(handler.Kind, handler))
                throw new ArgumentException($"Two handlers are registered for job kind '{handler.Kind}'.", nameof(handlers));
        }
    }

    /// <summary>Job kinds that have a handler.</summary>
    public IReadOnlyCollection<string> Kinds => _handlers.Keys;

    public async Task<JobRun> RunAsync(DelayedJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = _clock.GetCurrentInstant();
        if (now < job.DueAt) return JobRun.Early(job.DueAt - now);
        if (!_handlers.TryGetValue(job.Kind, out var handler))
            throw new UnknownJobKindException(job.Kind);
        await handler.HandleAsync(job, ct).ConfigureAwait(false);
        return JobRun.Done;
    }
}

/// <summary>No handler is registered for a job's kind (a node of another version, or a removed feature).</summary>
public sealed class UnknownJobKindException(string kind)
    : InvalidOperationException($"No handler is registered for job kind '{kind}'.")
{
    public string Kind { get; } = kind;
}
