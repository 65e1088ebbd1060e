using GosChat.Domain.Jobs;
using Hangfire;
using Hangfire.States;
using NodaTime;

namespace GosChat.Server.Jobs;

/// <summary>
/// <see cref="IJobScheduler"/> on Hangfire. A job becomes one Hangfire job of <see cref="GosChatJob"/>, scheduled
/// after the delay between the application clock's now and its due time (so a fake clock in tests and the system
/// clock in production both work), or enqueued at once when it is already due. The <see cref="JobIndex"/> maps our
/// id to that Hangfire job, so scheduling the same id replaces it and cancelling deletes it, from any node.
/// Hangfire's storage API is synchronous: each call runs on <see cref="StorageThreads"/>, never on the .NET thread
/// pool (the Redis client reads its replies there, and blocked pool threads would starve it), and a caller scheduling
/// several jobs at once (a deadline's warning and breach) waits for the slowest, not for the sum.
/// </summary>
public sealed partial class HangfireJobScheduler(
    IBackgroundJobClient client,
    JobIndex index,
    IClock clock,
    StorageThreads threads,
    ILogger<HangfireJobScheduler> logger) : IJobScheduler
{
    /// <summary>
    /// What every job runs: <see cref="GosChatJob.RunAsync"/>. The job is built from the method and its arguments, as
    /// Hangfire stores it, rather than from a lambda expression, which a call would build and take apart again each time.
    /// </summary>
    private static readonly System.Reflection.MethodInfo RunMethod =
        typeof(GosChatJob).GetMethod(nameof(GosChatJob.RunAsync), [typeof(JobArgs), typeof(CancellationToken)])
        ?? throw new InvalidOperationException("GosChatJob.RunAsync(JobArgs, CancellationToken) is missing");

    public Task ScheduleAsync(DelayedJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(job.Id);
        return threads.Run(() => Schedule(job));
    }

    public Task CancelAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return threads.Run(() => Cancel(jobId));
    }

    private void Schedule(DelayedJob job)
    {
        var args = JobArgs.For(job);
        var delay = job.DueAt - clock.GetCurrentInstant();
        var old = index.Replace(args, () => client.Create(
            new Hangfire.Common.Job(typeof(GosChatJob), RunMethod, args, CancellationToken.None),
            delay > Duration.Zero ? new ScheduledState(delay.ToTimeSpan()) : new EnqueuedState()),
            wakesAtOnce: delay < JobIndex.WakesSoon);
        if (old is not null) client.Delete(old.HangfireId);
        JobsLog.Scheduled(logger, job.Id, job.Kind, delay.TotalSeconds);
    }

    private void Cancel(string jobId)
    {
        if (index.Remove(jobId) is not { } old) return;
        client.Delete(old.HangfireId);
        JobsLog.Cancelled(logger, jobId, old.Kind);
    }
}
