using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;

namespace GosChat.Server.Composition;

/// <summary>
/// Chooses the storage: Redis when Redis:Configuration is set (which also brings the shared Data Protection key ring
/// and SignalR's Redis backplane), the embedded in-process store otherwise.
/// </summary>
public static class StorageSetup
{
    public static bool UsesRedis(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]);

    public static IServiceCollection AddGosChatStorage(this IServiceCollection services, IConfiguration configuration)
    {
        if (UsesRedis(configuration))
        {
            services.AddGosChatRedisStorage(configuration["Redis:Configuration"]!);
            return services;
        }

        services.AddSingleton<IRoutingStore>(_ => new InMemoryRoutingStore());
        services.AddSingleton<IMessageStore, InMemoryMessageStore>();
        services.AddSingleton<ITicketSequence>(_ => new FileTicketSequence(DataFolder.Of(configuration)));
        return services;
    }
}
