using GosChat.Domain.Jobs;

namespace GosChat.Server.Scheduling;

/// <summary>
/// Runs due jobs on this node: every <see cref="JobOptions.PollInterval"/> (wall clock) it calls
/// <see cref="JobRunner.RunDueAsync"/>, and again at once while batches come back full. Job due times come
/// from the runner's <c>IClock</c>. No exception ends the loop; only host shutdown does, and jobs still
/// running then are handed back to be claimed again.
/// Logs ids, types, attempts and outcomes only: never payloads or error texts (they may hold personal data).
/// </summary>
public sealed partial class JobRunnerService : BackgroundService
{
    /// <summary>Most back-to-back passes per tick when batches keep coming back full.</summary>
    internal const int MaxPassesPerTick = 100;

    private readonly JobRunner _runner;
    private readonly ILogger<JobRunnerService> _logger;

    public JobRunnerService(JobRunner runner, ILogger<JobRunnerService> logger)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(logger);
        _runner = runner;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _runner.Options.PollInterval.ToTimeSpan();
        LogStarted(_logger, _runner.WorkerId, string.Join(",", _runner.HandledTypes.Order(StringComparer.Ordinal)), interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                await RunTickAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host is stopping
        }
        LogStopped(_logger, _runner.WorkerId);
    }

    private async Task RunTickAsync(CancellationToken stoppingToken)
    {
        for (var pass = 0; pass < MaxPassesPerTick && !stoppingToken.IsCancellationRequested; pass++)
        {
            JobRunReport report;
            try
            {
                report = await _runner.RunDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LogPassFailed(_logger, ex);
                return;
            }

            foreach (var outcome in report.Outcomes) LogOutcome(outcome);
            if (report.Claimed < _runner.Options.BatchSize) return;
        }
    }

    private void LogOutcome(JobOutcome o)
    {
        switch (o.Kind)
        {
            case JobOutcomeKind.Completed:
                LogCompleted(_logger, o.JobId, o.Type, o.Attempt);
                break;
            case JobOutcomeKind.Retrying:
                LogRetrying(_logger, o.JobId, o.Type, o.Attempt, o.RetryAt?.ToString() ?? "?");
                break;
            case JobOutcomeKind.DeadLettered:
                LogDeadLettered(_logger, o.JobId, o.Type, o.Attempt);
                break;
            case JobOutcomeKind.UnknownType:
                LogUnknownType(_logger, o.JobId, o.Type);
                break;
            case JobOutcomeKind.LeaseLost:
                LogLeaseLost(_logger, o.JobId, o.Type, o.Attempt);
                break;
            case JobOutcomeKind.Released:
                LogReleased(_logger, o.JobId, o.Type, o.Attempt);
                break;
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Job runner {WorkerId} started: types [{JobTypes}], polling every {PollIntervalMs} ms")]
    private static partial void LogStarted(ILogger logger, string workerId, string jobTypes, double pollIntervalMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Job runner {WorkerId} stopped")]
    private static partial void LogStopped(ILogger logger, string workerId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Job runner pass failed; will try again on the next tick")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Job {JobId} ({JobType}) completed on attempt {Attempt}")]
    private static partial void LogCompleted(ILogger logger, string jobId, string jobType, int attempt);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed on attempt {Attempt}; retry at {RetryAt}")]
    private static partial void LogRetrying(ILogger logger, string jobId, string jobType, int attempt, string retryAt);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) dead-lettered after attempt {Attempt}")]
    private static partial void LogDeadLettered(ILogger logger, string jobId, string jobType, int attempt);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "Job {JobId} dead-lettered: no handler for type {JobType}")]
    private static partial void LogUnknownType(ILogger logger, string jobId, string jobType);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) attempt {Attempt} finished after this node lost it (lease lapsed, cancelled or rescheduled); nothing recorded")]
    private static partial void LogLeaseLost(ILogger logger, string jobId, string jobType, int attempt);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) attempt {Attempt} handed back at shutdown")]
    private static partial void LogReleased(ILogger logger, string jobId, string jobType, int attempt);
}
