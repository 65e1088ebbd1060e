using GosChat.Domain.Deadlines;
using GosChat.Domain.Ports;
using Microsoft.AspNetCore.DataProtection;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Wires a node onto Redis, in one place: one connection, every store port, Hangfire's storage, the Data Protection
/// key ring and SignalR's backplane. Settings: <see cref="RedisStoreOptions"/> and <see cref="HangfireRedisOptions"/>
/// (the host binds them from its configuration).
/// </summary>
public static class RedisStorageSetup
{
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string (see <see cref="RedisConnectionOptions.Parse"/>).</param>
    public static IServiceCollection AddGosChatRedisStorage(this IServiceCollection services, string configuration)
    {
        var options = RedisConnectionOptions.Parse(configuration);
        // One per node, made on first use by whichever needs it first (a store, Data Protection or the backplane)
        // and disposed by the container with the host's services.
        var connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(_ => connection.Value);

        services.AddOptions<RedisStoreOptions>();
        services.AddOptions<HangfireRedisOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value);
        services.AddSingleton<IRoutingStore, RedisRoutingStore>();
        services.AddSingleton<IMessageStore, RedisMessageStore>();
        services.AddSingleton<ITicketSequence, RedisTicketSequence>();
        // The host registers the cipher (GosChat.Domain.Privacy.IPersonalDataCipher); files are kept as long as closed sessions.
        services.AddSingleton<IAttachmentStore>(sp => new RedisAttachmentStore(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>(), sp.GetRequiredService<RedisStoreOptions>().ClosedSessionRetention));
        services.AddSingleton<IStatisticsStore>(sp => new RedisStatisticsStore(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<IContactRecordStore>(sp => new RedisContactRecordStore(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<ICitizenHistory, RedisCitizenHistory>();
        services.AddSingleton<IRatingCommentLog, RedisRatingCommentLog>();
        services.AddSingleton<IBreachLog, RedisBreachLog>();
        services.AddSingleton<IAnnouncementOutbox, RedisAnnouncementOutbox>();
        services.AddSingleton<ICallbackStore, RedisCallbackStore>();
        services.AddSingleton<IRequestStore, RedisRequestStore>();
        services.AddSingleton<IRequestFileStore>(sp => new RedisRequestFileStore(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>()));
        services.AddSingleton<ILimitCounters, RedisLimitCounters>();
        services.AddSingleton<ISignInStore, RedisSignInStore>();
        services.AddSingleton<IPersonalDataStore, RedisPersonalDataStore>();

        // Hangfire on the node's one connection, under its own key prefix.
        services.AddSingleton<JobStorage>(sp =>
        {
            var hangfire = sp.GetRequiredService<IOptions<HangfireRedisOptions>>().Value;
            return new RedisStorage(connection.Value, new Hangfire.Redis.StackExchange.RedisStorageOptions
            {
                Prefix = hangfire.Prefix,
                Db = options.DefaultDatabase ?? 0,
                InvisibilityTimeout = hangfire.InvisibilityTimeout,
            });
        });

        // Every node reads the sign-in tokens and cookies any node issued.
        services.AddDataProtection().PersistKeysToStackExchangeRedis(() => connection.Value.GetDatabase(), RedisKeys.DataProtectionKeys);
        services.AddSignalR().AddGosChatRedisBackplane(options);
        return services;
    }
}
