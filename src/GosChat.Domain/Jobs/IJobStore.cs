using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>
/// The scheduler port: durable delayed jobs that fire once across nodes.
/// Every method is one atomic state change. Times are always given by the caller (from an
/// <see cref="IClock"/>), never read from the store's own clock.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Creates or replaces the job <paramref name="id"/>: it becomes <see cref="JobState.Scheduled"/> at
    /// <paramref name="dueAt"/> with the new type and payload, attempts 0, no error and no lease, whatever
    /// state it was in (a running claim is revoked; a dead job is revived). Calling it twice with the same
    /// arguments leaves one job. <see cref="JobRecord.CreatedAt"/> is kept from the first schedule.
    /// </summary>
    Task<JobRecord> ScheduleAsync(string id, string type, string payload, Instant dueAt);

    /// <summary>Removes the job in any state. False when there was no such job.</summary>
    Task<bool> CancelAsync(string id);

    /// <summary>
    /// Atomically claims up to <paramref name="max"/> jobs that are due (<c>DueAt &lt;= now</c>, states
    /// Scheduled or Failed) or whose lease has lapsed (<c>LeaseUntil &lt;= now</c>): each becomes
    /// <see cref="JobState.Running"/> with <c>LeaseUntil = now + lease</c>, <c>ClaimedBy = workerId</c>
    /// and one more attempt. Lapsed leases come first, then due jobs by due time. A job is returned to
    /// exactly one caller per claim.
    /// </summary>
    Task<IReadOnlyList<JobRecord>> ClaimDueAsync(Instant now, Duration lease, int max, string workerId);

    /// <summary>Removes a finished job. Only the current claimer of a running job may; otherwise false.</summary>
    Task<bool> CompleteAsync(string id, string workerId);

    /// <summary>
    /// Records a failed attempt by the current claimer: with <paramref name="retryAt"/> the job becomes
    /// <see cref="JobState.Failed"/> and is claimable again from then; with null it is dead-lettered.
    /// False (and no change) when <paramref name="workerId"/> does not hold the job.
    /// </summary>
    Task<bool> FailAsync(string id, string workerId, string error, Instant? retryAt);

    /// <summary>
    /// Hands an unfinished claim back without counting it: the job becomes <see cref="JobState.Scheduled"/> at
    /// <paramref name="dueAt"/> with one attempt fewer, lease cleared, last error kept. Used when a runner stops.
    /// False (and no change) when <paramref name="workerId"/> does not hold the job.
    /// </summary>
    Task<bool> ReleaseAsync(string id, string workerId, Instant dueAt);

    /// <summary>
    /// Up to <paramref name="max"/> jobs, optionally of one state. Order: running by lease expiry, then
    /// scheduled/failed by due time, then dead by the time they died; ties by id (ordinal).
    /// </summary>
    Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, int max);

    /// <summary>Puts a dead job back as Scheduled at <paramref name="now"/> with attempts 0 (the last error is kept). False if it is not dead.</summary>
    Task<bool> RetryDeadAsync(string id, Instant now);

    /// <summary>The job, or null.</summary>
    Task<JobRecord?> GetAsync(string id);
}
