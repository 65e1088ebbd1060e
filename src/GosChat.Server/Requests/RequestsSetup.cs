using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Scheduling;
using GosChat.Server.Jobs;
using GosChat.Server.Notifications;
using GosChat.Server.Time;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Requests;

/// <summary>
/// Request cards: the domain service on the store's <see cref="IRequestStore"/>, its observers (the citizen's push,
/// follow-up jobs, notices to the citizen), the job handlers, the lookup endpoint and its limit.
/// </summary>
public static class RequestsSetup
{
    public static IServiceCollection AddGosChatRequests(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxNotificationSender>();
        services.TryAddSingleton<INotificationSender>(sp => sp.GetRequiredService<OutboxNotificationSender>());
        services.AddSingleton(sp => new RequestFollowUpOptions
        {
            WarnAt = sp.GetRequiredService<DeadlineOptions>().WarnAt,
            ReminderAfter = Duration.FromTimeSpan(sp.GetRequiredService<IOptions<RequestOptions>>().Value.CitizenReminderAfter),
        });
        services.AddSingleton<Func<string, WorkingTimeCalculator>>(sp =>
        {
            var hours = sp.GetRequiredService<ScheduledWorkingHours>();
            return queue => new WorkingTimeCalculator(hours.Schedule(queue));
        });
        services.TryAddSingleton<INotificationChannels>(sp => new SingleNotificationChannel(sp.GetRequiredService<INotificationSender>()));
        services.AddSingleton(sp => new RequestNotices(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<IJobScheduler>(),
            sp.GetRequiredService<IClock>()));
        services.AddSingleton<IJobHandler>(sp => new RequestNoticeHandler(sp.GetRequiredService<IRequestStore>(),
            sp.GetRequiredService<INotificationChannels>(), ScheduleFactory.ResolveZone(config[SchedulingConfigKeys.TimeZone])));
        services.AddSingleton(sp => new JobRetryRule(RequestJobs.NoticeType,
            sp.GetService<IOptions<NotificationSettings>>()?.Value.Retry ?? new NotificationSettings().Retry));
        services.AddSingleton(sp => new RequestFollowUp(sp.GetRequiredService<IJobScheduler>(),
            sp.GetRequiredService<Func<string, WorkingTimeCalculator>>(), sp.GetRequiredService<RequestFollowUpOptions>()));
        services.AddSingleton<IRequestObserver, CitizenRequestPush>();
        services.AddSingleton<IRequestObserver, AssigneeReplyPush>();
        services.AddSingleton<IRequestObserver>(sp => sp.GetRequiredService<RequestFollowUp>());
        services.AddSingleton<IRequestObserver>(sp => sp.GetRequiredService<RequestNotices>());
        services.AddSingleton<IRequestDeadlineNotifier, RequestDeadlineNotifier>();
        services.AddSingleton<IJobHandler>(sp => new RequestWarningHandler(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<IRequestDeadlineNotifier>()));
        services.AddSingleton<IJobHandler>(sp => new RequestBreachHandler(sp.GetRequiredService<IRequestStore>(),
            sp.GetRequiredService<IRequestDeadlineNotifier>(), sp.GetRequiredService<IClock>()));
        services.AddSingleton<IJobHandler>(sp => new RequestReminderHandler(sp.GetRequiredService<IRequestStore>(),
            sp.GetRequiredService<RequestNotices>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<RequestFollowUpOptions>()));
        services.AddSingleton(sp =>
        {
            var hours = sp.GetRequiredService<ScheduledWorkingHours>();
            return new RequestService(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<ContactCentre>().Operators,
                sp.GetRequiredService<IClock>(), hours.Schedule, sp.GetServices<IRequestObserver>());
        });
        services.AddSingleton(sp =>
        {
            var hours = sp.GetRequiredService<ScheduledWorkingHours>();
            return new WrittenRequests(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<ITicketSequence>(),
                sp.GetRequiredService<ITopicRouter>(), sp.GetRequiredService<IClock>(), hours.Schedule, sp.GetServices<IRequestObserver>());
        });
        services.AddSingleton(sp => new RequestAttachments(sp.GetRequiredService<RequestService>(),
            sp.GetRequiredService<IRequestFileStore>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<GosChat.Domain.Limits.AbuseLimits>(),
            sp.GetRequiredService<IOptions<GosChat.Server.Limits.LimitOptions>>().Value.AttachmentBytesPerDay));
        services.AddSingleton(sp => new RequestChats(sp.GetRequiredService<RequestService>(), sp.GetRequiredService<ContactCentre>().Citizens));
        services.AddSingleton(sp => new RequestList(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<IClock>()));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RequestEndpoints.FilingRateLimitPolicy, http =>
            ClockRateLimitPartition.PerMinute(http, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                http.RequestServices.GetRequiredService<IOptions<RequestOptions>>().Value.FilingsPerMinute)));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RequestEndpoints.RateLimitPolicy, http =>
            ClockRateLimitPartition.PerMinute(http, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                http.RequestServices.GetRequiredService<IOptions<RequestOptions>>().Value.LookupsPerMinute)));
        return services;
    }

    public static WebApplication MapGosChatRequests(this WebApplication app)
    {
        app.MapRequests();
        app.MapRequestList();
        return app;
    }
}
