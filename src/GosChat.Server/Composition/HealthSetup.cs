using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace GosChat.Server.Composition;

/// <summary>/healthz: 200 when the node can serve and Redis (when configured) answers a PING; 503 otherwise.</summary>
public sealed class RedisHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var redis = services.GetService<IConnectionMultiplexer>();
        if (redis is null) return HealthCheckResult.Healthy("embedded store");
        try
        {
            var ping = redis.GetDatabase().PingAsync();
            var finished = await Task.WhenAny(ping, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
            return finished == ping && ping.IsCompletedSuccessfully
                ? HealthCheckResult.Healthy("redis")
                : HealthCheckResult.Unhealthy("redis did not answer");
        }
        catch (RedisException ex)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", ex);
        }
    }
}
