using GosChat.Server.Tests.Deadlines;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Metrics;

/// <summary>Breaches, the lag of the delayed jobs that found them, and (on Redis) the Redis round trip show on /metrics.</summary>
[TestFixture(true, TestName = "Redis")]
[TestFixture(false, TestName = "Embedded")]
public sealed class DeadlineMetricsTests(bool useRedis) : DeadlineServerFixture(useRedis)
{
    [Test]
    public async Task ABreach_IsCounted_WithTheJobLag_AndTheRedisLatencyOnRedis()
    {
        var server = await StartServerAsync(Settings(("GosChat:Metrics:RedisProbeInterval", "00:00:00.100")));
        await ConsoleAsync(server, "supervisor", available: false);
        await StartChatAsync(server);

        await server.AdvanceSecondsAsync(6);

        IReadOnlyList<PrometheusSample> samples = [];
        await Eventually.AssertAsync(async () =>
        {
            samples = PrometheusText.Parse(await server.Http.GetStringAsync("metrics"));
            return samples.Sum("goschat_deadline_breaches_total", ("queue", "101"), ("deadline", "firstResponse")) == 1
                   && samples.Sum("goschat_job_lag_seconds_count") >= 1
                   && (!UseRedis || samples.Sum("goschat_redis_latency_seconds_count") >= 1);
        }, "the breach, the job's lag and the Redis round trip");
        Assert.That(samples.Sum("goschat_job_lag_seconds_sum"), Is.GreaterThanOrEqualTo(0));
        if (!UseRedis) Assert.That(samples.Sum("goschat_redis_latency_seconds_count"), Is.Zero, "no Redis, no probe");
    }
}
