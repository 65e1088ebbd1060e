using GosChat.Domain.Limits;
using GosChat.Domain.Ports;
using GosChat.Server.Composition;
using NodaTime;

namespace GosChat.Server.Limits;

/// <summary>The abuse limits: options, the shared counters on the node's store, and the citizen hub's filter.</summary>
public static class LimitsSetup
{
    public static IServiceCollection AddGosChatLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new AbuseLimits(sp.GetRequiredService<ILimitCounters>(), sp.GetRequiredService<IClock>()));
        services.AddSingleton<CitizenHubLimitFilter>();
        services.AddSingleton<CutOffAddresses>();
        return services;
    }
}
