using GosChat.Server.Jobs;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Composition;

/// <summary>
/// The one place that chooses the storage: Redis when <c>Redis:Configuration</c> is set (every store, Hangfire's
/// storage, the Data Protection key ring and SignalR's backplane on it: <see cref="RedisStorageSetup"/>), the
/// embedded in-process store otherwise (<see cref="InMemoryStorageSetup"/>, files under <see cref="DataFolder"/>).
/// </summary>
public static class StorageSetup
{
    /// <summary><c>GosChat:Redis</c>: retention and samples of the Redis stores (<see cref="RedisStoreOptions"/>).</summary>
    public const string RedisStoreSection = "GosChat:Redis";

    public static bool UsesRedis(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]);

    public static IServiceCollection AddGosChatStorage(this IServiceCollection services, IConfiguration configuration)
    {
        if (!UsesRedis(configuration))
            return services.AddGosChatInMemoryStorage(DataFolder.Of(configuration));

        services.AddGosChatRedisStorage(configuration["Redis:Configuration"]!);
        services.AddOptions<RedisStoreOptions>().BindConfiguration(RedisStoreSection)
            .Validate(o => o.ClosedSessionRetention > TimeSpan.Zero && o.HandleTimeSamples > 0,
                $"{RedisStoreSection}: ClosedSessionRetention and HandleTimeSamples must be positive.")
            .ValidateOnStart();
        services.AddOptions<HangfireRedisOptions>().Configure<IOptions<JobsOptions>>((hangfire, jobs) =>
        {
            hangfire.Prefix = jobs.Value.RedisPrefix;
            hangfire.InvisibilityTimeout = jobs.Value.RedisInvisibilityTimeout;
        });
        return services;
    }
}
