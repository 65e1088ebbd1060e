using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>What happened to one claimed job in a <see cref="JobRunner.RunDueAsync"/> pass.</summary>
public enum JobOutcomeKind
{
    /// <summary>The handler succeeded and the job was removed.</summary>
    Completed,

    /// <summary>The handler failed; the job will be retried at <see cref="JobOutcome.RetryAt"/>.</summary>
    Retrying,

    /// <summary>The handler failed on its last allowed attempt (or attempts ran out unreported); the job is dead.</summary>
    DeadLettered,

    /// <summary>No handler is registered for the job's type; the job is dead.</summary>
    UnknownType,

    /// <summary>The run finished but this worker no longer held the job (lease lapsed and re-claimed, cancelled or rescheduled meanwhile); nothing was recorded.</summary>
    LeaseLost,

    /// <summary>The runner was stopping; the job was handed back, uncounted, to be claimed again at once.</summary>
    Released,
}

/// <summary>One claimed job's result. <see cref="Error"/> may hold handler text: do not log it.</summary>
public sealed record JobOutcome(string JobId, string Type, int Attempt, JobOutcomeKind Kind, string? Error, Instant? RetryAt);

/// <summary>The results of one <see cref="JobRunner.RunDueAsync"/> pass.</summary>
public sealed record JobRunReport(IReadOnlyList<JobOutcome> Outcomes)
{
    public static JobRunReport Empty { get; } = new(Array.Empty<JobOutcome>());

    /// <summary>How many jobs this pass claimed.</summary>
    public int Claimed => Outcomes.Count;

    public int Count(JobOutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);
}
