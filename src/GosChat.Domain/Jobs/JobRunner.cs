using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>
/// Claims due jobs from an <see cref="IJobStore"/> and runs them with the registered <see cref="IJobHandler"/>s.
/// Transport-agnostic: a host calls <see cref="RunDueAsync"/> on a timer. Time comes only from the injected
/// <see cref="IClock"/>. Delivery is at-least-once, so handlers must be idempotent.
/// </summary>
public sealed class JobRunner
{
    /// <summary>Longest error text stored on a job.</summary>
    public const int MaxErrorLength = 2000;

    private readonly IJobStore _store;
    private readonly IClock _clock;
    private readonly JobOptions _options;
    private readonly Dictionary<string, IJobHandler> _handlers;

    public JobRunner(IJobStore store, IEnumerable<IJobHandler> handlers, IClock clock, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _clock = clock;
        _options = options;
        _handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (string.IsNullOrEmpty(handler.Type))
                throw new ArgumentException($"Handler {handler.GetType().Name} has an empty job type.", nameof(handlers));
            if (!_handlers.TryAdd(handler.Type, handler))
                throw new ArgumentException($"Two handlers are registered for job type '{handler.Type}'.", nameof(handlers));
        }
        WorkerId = string.IsNullOrWhiteSpace(options.WorkerId)
            ? $"{Environment.MachineName}/{Guid.NewGuid():N}"
            : options.WorkerId;
    }

    /// <summary>The identity this runner claims jobs under.</summary>
    public string WorkerId { get; }

    public JobOptions Options => _options;

    /// <summary>Job types that have a handler.</summary>
    public IReadOnlyCollection<string> HandledTypes => _handlers.Keys;

    /// <summary>
    /// One pass: claims up to <see cref="JobOptions.BatchSize"/> due jobs (or jobs whose lease lapsed) and runs
    /// them concurrently. Success completes the job; an exception fails it with exponential back-off, and on
    /// attempt <see cref="JobOptions.MaxAttempts"/> dead-letters it; an unknown type is dead-lettered at once.
    /// When <paramref name="ct"/> is cancelled, unfinished jobs are released (not counted as an attempt) to run again at once.
    /// Store errors propagate (after every started job has finished).
    /// </summary>
    public async Task<JobRunReport> RunDueAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = _clock.GetCurrentInstant();
        var jobs = await _store.ClaimDueAsync(now, _options.Lease, _options.BatchSize, WorkerId).ConfigureAwait(false);
        if (jobs.Count == 0) return JobRunReport.Empty;

        var runs = new Task<JobOutcome>[jobs.Count];
        for (var i = 0; i < jobs.Count; i++) runs[i] = RunOneAsync(jobs[i], ct);
        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        return new JobRunReport(outcomes);
    }

    private async Task<JobOutcome> RunOneAsync(JobRecord job, CancellationToken ct)
    {
        await Task.Yield(); // let the batch run concurrently even if a handler starts with blocking work

        if (!_handlers.TryGetValue(job.Type, out var handler))
            return await DeadLetterAsync(job, $"No handler is registered for job type '{job.Type}'.", JobOutcomeKind.UnknownType).ConfigureAwait(false);

        if (job.Attempts > _options.MaxAttempts)
            return await DeadLetterAsync(job,
                $"Gave up: claimed {job.Attempts} times, more than MaxAttempts {_options.MaxAttempts}; earlier runs ended without reporting (worker stopped or lease lapsed). Last error: {job.LastError ?? "none"}",
                JobOutcomeKind.DeadLettered).ConfigureAwait(false);

        if (ct.IsCancellationRequested) return await ReleaseAsync(job).ConfigureAwait(false);

        using var leaseCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        leaseCts.CancelAfter(_options.Lease.ToTimeSpan());
        try
        {
            await handler.HandleAsync(job, leaseCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return await ReleaseAsync(job).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leaseCts.IsCancellationRequested)
        {
            return await FailAsync(job, $"Timed out: the handler ran past its lease of {_options.Lease.TotalSeconds:0.###} s.").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(job, $"{ex.GetType().FullName}: {ex.Message}").ConfigureAwait(false);
        }

        var completed = await _store.CompleteAsync(job.Id, WorkerId).ConfigureAwait(false);
        return Outcome(job, completed ? JobOutcomeKind.Completed : JobOutcomeKind.LeaseLost, null, null);
    }

    private async Task<JobOutcome> FailAsync(JobRecord job, string error)
    {
        error = Truncate(error);
        if (job.Attempts >= _options.MaxAttempts)
            return await DeadLetterAsync(job, error, JobOutcomeKind.DeadLettered).ConfigureAwait(false);

        var retryAt = _clock.GetCurrentInstant() + _options.RetryDelayAfter(job.Attempts);
        var recorded = await _store.FailAsync(job.Id, WorkerId, error, retryAt).ConfigureAwait(false);
        return Outcome(job, recorded ? JobOutcomeKind.Retrying : JobOutcomeKind.LeaseLost, error, recorded ? retryAt : null);
    }

    private async Task<JobOutcome> DeadLetterAsync(JobRecord job, string error, JobOutcomeKind kind)
    {
        error = Truncate(error);
        var recorded = await _store.FailAsync(job.Id, WorkerId, error, retryAt: null).ConfigureAwait(false);
        return Outcome(job, recorded ? kind : JobOutcomeKind.LeaseLost, error, null);
    }

    private async Task<JobOutcome> ReleaseAsync(JobRecord job)
    {
        var now = _clock.GetCurrentInstant();
        var released = await _store.ReleaseAsync(job.Id, WorkerId, now).ConfigureAwait(false);
        return Outcome(job, released ? JobOutcomeKind.Released : JobOutcomeKind.LeaseLost, null, released ? now : null);
    }

    private static JobOutcome Outcome(JobRecord job, JobOutcomeKind kind, string? error, Instant? retryAt) =>
        new(job.Id, job.Type, job.Attempts, kind, error, retryAt);

    private static string Truncate(string error) =>
        error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
