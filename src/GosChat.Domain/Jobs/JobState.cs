namespace GosChat.Domain.Jobs;

/// <summary>Where a job is in its life. A completed job is removed, so there is no "Completed" state.</summary>
public enum JobState
{
    /// <summary>Waiting for its due time (first run, or rescheduled, or retried from dead).</summary>
    Scheduled = 0,

    /// <summary>Claimed by a worker and holding a lease until <see cref="JobRecord.LeaseUntil"/>.</summary>
    Running = 1,

    /// <summary>The last attempt failed; waiting for <see cref="JobRecord.DueAt"/> to be retried.</summary>
    Failed = 2,

    /// <summary>Dead-lettered: will not run again unless retried by hand.</summary>
    Dead = 3,
}
