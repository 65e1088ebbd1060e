using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Storage.Redis;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Privacy;

/// <summary>Export, erasure and retention of personal data (<see cref="PersonalDataService"/>), on whichever store the node uses.</summary>
public static class PersonalDataSetup
{
    public static IServiceCollection AddGosChatPersonalData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // GosChat:Retention:ClosedSessions, when set, is also how long Redis keeps a closed session's keys.
        if (configuration[$"{RetentionOptions.Section}:{nameof(RetentionOptions.ClosedSessions)}"] is { Length: > 0 })
            services.PostConfigure<RedisStoreOptions>(o => o.ClosedSessionRetention =
                configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>()!.ClosedSessions);
        services.AddSingleton<ISessionObserver>(sp => new PersonalDataIndexer(sp.GetRequiredService<IPersonalDataStore>(),
            sp.GetRequiredService<ICitizenHistory>(), sp.GetRequiredService<GosChat.Domain.Citizens.CitizenKeys>()));
        services.AddSingleton(sp => new PersonalDataService(
            sp.GetRequiredService<IRoutingStore>(), sp.GetRequiredService<IMessageStore>(), sp.GetRequiredService<ICitizenHistory>(),
            sp.GetRequiredService<ICallbackStore>(), sp.GetRequiredService<IPersonalDataStore>(), sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<GosChat.Domain.Citizens.CitizenKeys>(),
            new RequestPersonalData(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<GosChat.Domain.Jobs.IJobScheduler>(),
                sp.GetRequiredService<IRequestFileStore>())));
        services.AddSingleton<RetentionPurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionPurgeService>());
        return services;
    }
}
