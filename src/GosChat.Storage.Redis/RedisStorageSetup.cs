using GosChat.Domain.Ports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>Wires a node onto Redis: one connection, the core stores, the Data Protection key ring and SignalR's backplane.</summary>
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

        services.AddSingleton(new RedisStoreOptions());
        services.AddSingleton<IRoutingStore, RedisRoutingStore>();
        services.AddSingleton<IMessageStore, RedisMessageStore>();
        services.AddSingleton<ITicketSequence, RedisTicketSequence>();

        // Every node reads the sign-in tokens and cookies any node issued.
        services.AddDataProtection().PersistKeysToStackExchangeRedis(() => connection.Value.GetDatabase(), RedisKeys.DataProtectionKeys);
        services.AddSignalR().AddGosChatRedisBackplane(options);
        return services;
    }
}
