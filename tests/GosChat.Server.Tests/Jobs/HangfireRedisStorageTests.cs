using GosChat.Domain.Jobs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Jobs;

/// <summary>On Redis, Hangfire shares the node's Redis but keeps to its own prefix, in one Redis Cluster slot.</summary>
public sealed class HangfireRedisStorageTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp] public void StartRedis() => _redis = RedisServer.Start();
    [OneTimeTearDown] public void StopRedis() => _redis.Dispose();

    [Test]
    public async Task HangfireKeepsEverythingUnderItsOwnPrefix_InOneClusterSlot()
    {
        await using var server = await GosChatServer.StartAsync(_redis.ConnectionString);
        await server.Services.GetRequiredService<IJobScheduler>()
            .ScheduleAsync(new DelayedJob("t:prefix", "test.none", "{}", server.Clock.GetCurrentInstant().PlusTicks(TimeSpan.TicksPerHour)));

        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var keys = redis.GetServer(redis.GetEndPoints().Single()).Keys(pattern: "*hangfire*").Select(k => k.ToString()).ToList();

        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys, Has.All.StartWith("goschat:v1:{hangfire}:"));
        Assert.That(keys, Does.Contain("goschat:v1:{hangfire}:goschat-job:t:prefix"), "the index entry of our id");
    }
}
