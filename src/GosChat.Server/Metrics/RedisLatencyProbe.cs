using System.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GosChat.Server.Metrics;

/// <summary>
/// Measures the Redis round trip with a PING every <see cref="MetricsOptions.RedisProbeInterval"/> into
/// <c>goschat_redis_latency</c>. On the embedded store there is no Redis and it does nothing. The interval is wall
/// time, like the sweep's cadence; the figure is a real elapsed time, so it uses a stopwatch, not the application clock.
/// </summary>
public sealed partial class RedisLatencyProbe(IServiceProvider services, GosChatMetrics metrics, IOptions<MetricsOptions> options,
    ILogger<RedisLatencyProbe> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis) return;
        using var timer = new PeriodicTimer(options.Value.RedisProbeInterval);
        try
        {
            do
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await redis.GetDatabase().PingAsync();
                    metrics.RedisRoundTrip(Stopwatch.GetElapsedTime(started));
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    LogProbeFailed(logger, ex);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Redis latency probe failed; the health check reports the outage")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);
}
