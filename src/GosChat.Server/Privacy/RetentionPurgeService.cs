using GosChat.Domain.Privacy;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Privacy;

/// <summary>
/// Lets personal data go after its retention (<see cref="RetentionOptions"/>): every
/// <see cref="RetentionOptions.PurgeInterval"/> (wall time), closed sessions and past callbacks older than their
/// retention on the application clock are erased. Every node runs it; erasure is idempotent, so two nodes purging
/// at once only find less to do.
/// </summary>
public sealed class RetentionPurgeService(PersonalDataService data, IClock clock, IOptions<RetentionOptions> options,
    ILogger<RetentionPurgeService> logger) : BackgroundService
{
    /// <summary>One pass: everything past retention now; the counts erased.</summary>
    public async Task<(int Sessions, int Callbacks)> PurgeOnceAsync()
    {
        var o = options.Value;
        var now = clock.GetCurrentInstant();
        var sessions = 0;
        int erased;
        do
        {
            erased = await data.PurgeClosedSessionsAsync(now - Duration.FromTimeSpan(o.ClosedSessions), o.PurgeBatch);
            sessions += erased;
        } while (erased == o.PurgeBatch);
        sessions += await data.PurgeOrphansAsync(now - Duration.FromTimeSpan(o.ClosedSessions));
        var callbacks = await data.PurgeCallbacksAsync(now - Duration.FromTimeSpan(o.Callbacks));
        if (sessions + callbacks > 0) RetentionLog.Purged(logger, sessions, callbacks);
        return (sessions, callbacks);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        try
        {
            do
            {
                try { await PurgeOnceAsync(); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested) { RetentionLog.Failed(logger, ex); }
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Retention: erased {Sessions} closed sessions and {Callbacks} past callbacks")]
    public static partial void Purged(ILogger logger, int sessions, int callbacks);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Retention purge failed; the next pass tries again")]
    public static partial void Failed(ILogger logger, Exception ex);
}
