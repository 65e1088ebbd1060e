using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Server.Composition;
using GosChat.Server.Notifications;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Scheduling;

/// <summary>
/// The node's heartbeat: on every tick it expires offers, returns sessions of operators gone past the grace
/// period, releases deferred sessions whose queue has opened, dispatches, publishes live figures, and announces
/// breaches another node recorded and never announced (<see cref="BreachAnnouncer"/>).
/// Deadlines and due times come from the injected clock; only the tick cadence is wall time.
/// </summary>
public sealed class RoutingSweepService(ContactCentre centre, QueueStatsPublisher stats, BreachAnnouncer announcer,
    IOptions<RoutingOptions> options, ILogger<RoutingSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        centre.Dispatcher.Failed += ex => SweepLog.DispatchFailed(logger, ex);
        announcer.Failed += ex => SweepLog.AnnounceFailed(logger, ex);
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        try
        {
            do
            {
                try
                {
                    await centre.Dispatcher.SweepAsync();
                    await stats.TickAsync();
                    await announcer.RetryPendingAsync();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    SweepLog.SweepFailed(logger, ex);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

internal static partial class SweepLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Routing sweep failed; the next tick tries again")]
    public static partial void SweepFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Dispatch pass failed; the next pass tries again")]
    public static partial void DispatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Retrying a pending breach announcement failed; it stays pending and is retried")]
    public static partial void AnnounceFailed(ILogger logger, Exception ex);
}
