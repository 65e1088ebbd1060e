using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GosChat.Server.Composition;

/// <summary>Chooses the storage: Redis when Redis:Configuration is set, the embedded in-process store otherwise.</summary>
public static class StorageSetup
{
    public static bool UsesRedis(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]);

    public static IServiceCollection AddGosChatStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("GosChat");
        if (!UsesRedis(configuration))
        {
            services.AddSingleton<IRoutingStore>(_ => new InMemoryRoutingStore());
            services.AddSingleton<IMessageStore, InMemoryMessageStore>();
            services.AddSingleton<ITicketSequence, InMemoryTicketSequence>();
            return services;
        }

        var connection = configuration["Redis:Configuration"]!;
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connection);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(new RedisStoreOptions());
        services.AddSingleton<IRoutingStore, RedisRoutingStore>();
        services.AddSingleton<IMessageStore, RedisMessageStore>();
        services.AddSingleton<ITicketSequence, RedisTicketSequence>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new RedisXmlRepository(sp.GetRequiredService<IConnectionMultiplexer>())));
        return services;
    }
}
