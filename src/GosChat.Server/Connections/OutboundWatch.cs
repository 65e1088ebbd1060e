using Microsoft.Extensions.Options;

namespace GosChat.Server.Connections;

/// <summary>
/// Cuts hub connections that stay behind: at once when one has more than <see cref="OutboundOptions.MaxBufferedBytes"/>
/// waiting, and on a 250 ms scan when its socket has kept the sends waiting longer than
/// <see cref="OutboundOptions.MaxBehind"/>. A cut client reconnects and resyncs; the others never noticed.
/// </summary>
public sealed partial class OutboundWatch(LocalConnections connections, IOptions<OutboundOptions> options, ILogger<OutboundWatch> logger)
    : BackgroundService
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Called by a connection's buffer on the writer's thread: the cut runs on the thread pool.</summary>
    public void Overflowed(LocalConnection connection) =>
        ThreadPool.UnsafeQueueUserWorkItem(c =>
        {
            if (c.Cut()) TooManyBytes(logger, c.Id, c.Hub.Name, c.Outbound.BufferedBytes, options.Value.MaxBufferedBytes);
        }, connection, preferLocal: false);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var limit = options.Value.MaxBehind;
                foreach (var connection in connections.All)
                {
                    var behind = connection.Outbound.Behind;
                    if (behind > limit && connection.Cut())
                        TooLongBehind(logger, connection.Id, connection.Hub.Name, behind.TotalSeconds, connection.Outbound.BufferedBytes);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning,
        Message = "Cut hub connection {ConnectionId} ({Hub}): {Bytes} bytes were waiting for it, over the {Limit}-byte bound")]
    private static partial void TooManyBytes(ILogger logger, string connectionId, string hub, long bytes, long limit);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning,
        Message = "Cut hub connection {ConnectionId} ({Hub}): its socket kept sends waiting {Seconds:F1} s ({Bytes} bytes waiting)")]
    private static partial void TooLongBehind(ILogger logger, string connectionId, string hub, double seconds, long bytes);
}
