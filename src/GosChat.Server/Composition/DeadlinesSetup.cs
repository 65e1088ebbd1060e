using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using GosChat.Server.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace GosChat.Server.Composition;

/// <summary>Response deadlines: options, the job-backed scheduler, the observer that starts and stops them, the job handlers and the breach count.</summary>
public static class DeadlinesSetup
{
    public static IServiceCollection AddGosChatDeadlines(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Bind(configuration);
        var zone = ScheduleFactory.ResolveZone(configuration[SchedulingConfigKeys.TimeZone]);
        services.AddSingleton(options);
        services.RemoveAll<IDeadlineScheduler>();
        services.AddSingleton(sp =>
        {
            var hours = sp.GetRequiredService<ScheduledWorkingHours>();
            return new DeadlineTiming(options, queue => hours.Schedule(queue, Channel.Call));
        });
        services.AddSingleton<IDeadlineScheduler>(sp => new DeadlineScheduler(sp.GetRequiredService<IJobScheduler>(), sp.GetRequiredService<DeadlineTiming>()));
        services.AddSingleton<ISessionObserver>(sp => new DeadlineObserver(sp.GetRequiredService<IDeadlineScheduler>()));
        services.AddSingleton<IDeadlineNotifier, DeadlineNotifier>();
        services.AddSingleton<IBreachCounter>(sp => new BreachCounter(sp.GetRequiredService<IBreachLog>(), sp.GetRequiredService<IClock>(), zone));
        services.AddSingleton<IJobHandler>(sp => new DeadlineWarningHandler(sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<IDeadlineNotifier>(), sp.GetRequiredService<IJobScheduler>()));
        services.AddSingleton(sp => new DeadlineBreachHandler(sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<IDeadlineNotifier>(),
            sp.GetRequiredService<IBreachLog>(), sp.GetRequiredService<IAnnouncementOutbox>(), zone));
        services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<DeadlineBreachHandler>());
        services.AddSingleton(sp => new BreachAnnouncer(sp.GetRequiredService<IAnnouncementOutbox>(), sp.GetRequiredService<DeadlineBreachHandler>(),
            sp.GetRequiredService<IClock>(), options));
        return services;
    }

    /// <summary><c>GosChat:Deadlines</c> plus each queue's <c>GosChat:Queues:{id}:Deadlines</c>, validated.</summary>
    public static DeadlineOptions Bind(IConfiguration configuration)
    {
        var options = configuration.GetSection(DeadlineOptions.Section).Get<DeadlineOptions>() ?? new DeadlineOptions();
        foreach (var queue in QueueCatalog.All)
        {
            var section = configuration.GetSection($"{SchedulingConfigKeys.Queues}:{queue.Id}:Deadlines");
            if (section.Exists()) options.Queues[queue.Id] = section.Get<DeadlineOverrides>() ?? new DeadlineOverrides();
        }
        options.Validate();
        return options;
    }
}
