using GosChat.Domain.Citizens;
using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Composition;

/// <summary>
/// A citizen's earlier sessions, linked only by a verified identity (the caller number the telephony platform reports,
/// or a user id a configured host site signed), filed under an HMAC of it keyed by <c>GosChat:ServerSecret</c>: the
/// store (chosen like the rest of the storage), the observer that fills it, and the identity rules.
/// </summary>
public static class CitizenHistorySetup
{
    public static IServiceCollection AddGosChatCitizenHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGosChatServerSecret();
        services.AddOptions<CitizenIdentityOptions>().BindConfiguration(CitizenIdentityOptions.Section)
            .Validate(o => !o.Problems().Any(), "GosChat:CitizenIdentity is invalid (each site needs an id, origins and a secret of 32+ characters)")
            .ValidateOnStart();
        services.AddSingleton(sp => new CitizenKeys(sp.GetRequiredService<ServerSecretOptions>().KeyFor("citizen-history")));
        services.AddSingleton(sp => new CitizenIdentities(sp.GetRequiredService<CitizenKeys>(),
            sp.GetRequiredService<IOptions<CitizenIdentityOptions>>().Value.ToVerifier()));
        services.AddSingleton<ISessionObserver>(sp => new CitizenHistoryRecorder(sp.GetRequiredService<ICitizenHistory>()));
        services.AddSingleton(sp => new CitizenHistoryReader(sp.GetRequiredService<ICitizenHistory>(),
            sp.GetRequiredService<IRoutingStore>(), sp.GetRequiredService<IMessageStore>()));
        return services;
    }
}
