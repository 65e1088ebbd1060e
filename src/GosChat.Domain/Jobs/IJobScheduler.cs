namespace GosChat.Domain.Jobs;

/// <summary>
/// The scheduling port: the domain says what should happen and when, the scheduler (Hangfire in the server)
/// makes it happen once the time has come, durably and on some node. Delivery is at least once and the wake-up
/// time is approximate, so every run goes through <see cref="JobDispatcher"/>, which re-checks the clock.
/// </summary>
public interface IJobScheduler
{
    /// <summary>
    /// Creates the job, or replaces the job with the same <see cref="DelayedJob.Id"/> (the old one will not run).
    /// A due time in the past runs it as soon as possible.
    /// </summary>
    Task ScheduleAsync(DelayedJob job);

    /// <summary>Removes the job with this id so it will not run. Harmless when there is none.</summary>
    Task CancelAsync(string jobId);
}
