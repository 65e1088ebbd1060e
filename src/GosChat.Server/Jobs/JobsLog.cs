namespace GosChat.Server.Jobs;

/// <summary>What the job adapter logs: ids, kinds and delays only, never payloads (they may name people's requests).</summary>
internal static partial class JobsLog
{
    [LoggerMessage(EventId = 4150, Level = LogLevel.Debug, Message = "Job {JobId} ({JobKind}) scheduled in {DelaySeconds} s")]
    public static partial void Scheduled(ILogger logger, string jobId, string jobKind, double delaySeconds);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Debug, Message = "Job {JobId} ({JobKind}) cancelled")]
    public static partial void Cancelled(ILogger logger, string jobId, string jobKind);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Debug, Message = "Job {JobId} ({JobKind}) ran")]
    public static partial void Ran(ILogger logger, string jobId, string jobKind);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Information, Message = "Job {JobId} ({JobKind}) woke after it was replaced or cancelled; nothing to do")]
    public static partial void Stale(ILogger logger, string jobId, string jobKind);

    [LoggerMessage(EventId = 4154, Level = LogLevel.Information, Message = "Hangfire storage: {Storage}")]
    public static partial void Storage(ILogger logger, string storage);

    [LoggerMessage(EventId = 4155, Message = "{HangfireMessage}")]
    public static partial void Hangfire(ILogger logger, LogLevel level, Exception? exception, string hangfireMessage);
}
