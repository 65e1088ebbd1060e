using GosChat.Domain.Jobs;
using GosChat.Server.Scheduling;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Server.Composition;

/// <summary>Durable delayed jobs: the store next to the rest of the storage, the runner, and its hosted loop.</summary>
public static class JobsSetup
{
    public static IServiceCollection AddGosChatJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("GosChat:Jobs");
        services.AddSingleton(_ =>
        {
            var options = new JobOptions();
            if (section["Lease"] is { } lease) options.Lease = Duration.FromTimeSpan(TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture));
            if (section["MaxAttempts"] is { } max) options.MaxAttempts = int.Parse(max, System.Globalization.CultureInfo.InvariantCulture);
            if (section["BaseRetryDelay"] is { } baseDelay) options.BaseRetryDelay = Duration.FromTimeSpan(TimeSpan.Parse(baseDelay, System.Globalization.CultureInfo.InvariantCulture));
            if (section["MaxRetryDelay"] is { } maxDelay) options.MaxRetryDelay = Duration.FromTimeSpan(TimeSpan.Parse(maxDelay, System.Globalization.CultureInfo.InvariantCulture));
            if (section["PollInterval"] is { } poll) options.PollInterval = Duration.FromTimeSpan(TimeSpan.Parse(poll, System.Globalization.CultureInfo.InvariantCulture));
            options.Validate();
            return options;
        });
        if (StorageSetup.UsesRedis(configuration))
            services.AddSingleton<IJobStore>(sp => new RedisJobStore(sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), sp.GetRequiredService<IClock>()));
        else
            services.AddSingleton<IJobStore>(sp => new InMemoryJobStore(sp.GetRequiredService<IClock>()));
        services.AddSingleton<JobRunner>();
        services.AddHostedService<JobRunnerService>();
        return services;
    }
}
