using GosChat.Domain.Jobs;
using Hangfire;
using NodaTime;

namespace GosChat.Server.Jobs;

/// <summary>
/// The one Hangfire job class: it only hands the domain's job to the domain (<see cref="JobDispatcher"/>).
/// Hangfire decides when it wakes; the domain decides what happens. A stale job (replaced or cancelled since)
/// does nothing; a job that woke before its due time on the application clock throws
/// <see cref="JobWokeEarlyException"/>, which <see cref="WokeEarlyFilter"/> turns back into Scheduled.
/// </summary>
public sealed class GosChatJob(JobDispatcher dispatcher, JobIndex index, IClock clock, Metrics.GosChatMetrics metrics, ILogger<GosChatJob> logger)
{
    /// <summary>A job scheduled this many seconds (or fewer) after its due time would wake early again: Hangfire keeps whole seconds.</summary>
    public static readonly Duration Resolution = Duration.FromSeconds(1);

    [JobDisplayName("{0}")]
    public async Task RunAsync(JobArgs args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!index.IsCurrent(args))
        {
            JobsLog.Stale(logger, args.Id, args.Kind);
            return;
        }
        var run = await dispatcher.RunAsync(args.ToJob(), cancellationToken);
        if (!run.Ran) throw new JobWokeEarlyException(run.Remaining + Resolution);
        index.RemoveIfCurrent(args);
        metrics.JobRan(args.Kind, (clock.GetCurrentInstant() - args.DueAt).TotalSeconds);
        JobsLog.Ran(logger, args.Id, args.Kind);
    }
}

/// <summary>The job woke before its due time on the application clock: put it back for <see cref="Delay"/> (wall clock).</summary>
public sealed class JobWokeEarlyException(Duration delay)
    : Exception($"Woke before its due time; scheduled again in {delay.TotalSeconds:0.###} s.")
{
    public Duration Delay { get; } = delay;
}
