using GosChat.Storage.Redis.Backplane;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

// Extension methods live in the DI namespace so they show up next to AddSignalR().
// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

public static class BackplaneServiceCollectionExtensions
{
    /// <summary>
    /// Scales SignalR out over Redis pub/sub: every hub's <see cref="HubLifetimeManager{THub}"/> becomes a
    /// <see cref="RedisHubLifetimeManager{THub}"/> on the given multiplexer. Call after <c>AddSignalR()</c>.
    /// The multiplexer is not disposed by the backplane; it may be the one the Redis stores use.
    /// </summary>
    /// <example><code>
    /// services.AddSingleton(_ => ConnectionMultiplexer.Connect(redisConfiguration));
    /// services.AddSignalR().AddGosChatRedisBackplane(sp => sp.GetRequiredService&lt;ConnectionMultiplexer&gt;());
    /// </code></example>
    public static ISignalRServerBuilder AddGosChatRedisBackplane(
        this ISignalRServerBuilder builder,
        Func<IServiceProvider, IConnectionMultiplexer> multiplexer,
        Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiplexer);

        var options = builder.Services.AddOptions<RedisBackplaneOptions>();
        if (configure is not null) options.Configure(configure);
        builder.Services.AddSingleton(sp => new RedisBackplaneConnection(multiplexer(sp)));
        builder.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return builder;
    }
}
