using GosChat.Domain.Citizens;
using GosChat.Domain.Ports;

namespace GosChat.Server.Composition;

/// <summary>A citizen's earlier sessions (by phone): the store, chosen like the rest of the storage, and the observer that fills it.</summary>
public static class CitizenHistorySetup
{
    public static IServiceCollection AddGosChatCitizenHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISessionObserver>(sp => new CitizenHistoryRecorder(sp.GetRequiredService<ICitizenHistory>()));
        services.AddSingleton(sp => new CitizenHistoryReader(sp.GetRequiredService<ICitizenHistory>(),
            sp.GetRequiredService<IRoutingStore>(), sp.GetRequiredService<IMessageStore>()));
        return services;
    }
}
