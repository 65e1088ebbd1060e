using System.Threading.RateLimiting;
using GosChat.Domain.Calls;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Limits;
using GosChat.Domain.Lines;
using GosChat.Domain.Ports;
using GosChat.Domain.Scheduling;
using GosChat.Server.Composition;
using GosChat.Server.Jobs;
using GosChat.Server.Notifications;
using GosChat.Server.Time;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Api.Ivr;

/// <summary>Phone calls, callbacks and voicemail: services, stores, jobs and endpoints.</summary>
public static class IvrSetup
{
    public static IServiceCollection AddGosChatIvr(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<IvrSettings>().BindConfiguration(IvrSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IvrSettings>, IvrSettingsValidator>();
        services.AddSingleton(_ => ReadCallOptions(config));
        services.AddSingleton<IvrApiKeys>();
        services.AddSingleton<RequireApiKey>();
        services.AddSingleton<IVoiceCallPlacer, WebhookVoiceCallPlacer>();
        services.AddSingleton(sp => new ChatToVoice(sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<IVoiceCallPlacer>()));
        services.AddSingleton(sp => new IvrService(
            sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<IDeadlineScheduler>(), sp.GetRequiredService<CallOptions>(),
            sp.GetRequiredService<ChatToVoice>(), sp.GetRequiredService<LineDirectory>(), sp.GetRequiredService<LineHours>()));
        services.AddOptions<AnonymousCallbackSettings>().BindConfiguration(AnonymousCallbackSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxNotificationSender>();
        services.TryAddSingleton<INotificationSender>(sp => sp.GetRequiredService<OutboxNotificationSender>());
        services.AddSingleton(sp => new AnonymousCallbacks(
            sp.GetRequiredService<ICallbackStore>(), sp.GetRequiredService<AbuseLimits>(), sp.GetRequiredService<INotificationSender>(),
            sp.GetRequiredService<IOptions<AnonymousCallbackSettings>>().Value.ToDomain(), sp.GetRequiredService<CallOptions>()));
        services.AddSingleton(sp => new CallbackService(
            sp.GetRequiredService<ICallbackStore>(), sp.GetRequiredService<ITicketSequence>(), sp.GetRequiredService<IJobScheduler>(),
            sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<CallOptions>(), sp.GetRequiredService<AnonymousCallbacks>()));
        services.AddSingleton<ISessionObserver, CallConnectedObserver>();
        services.AddSingleton<CallWebhookHandler>();
        services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<CallWebhookHandler>());
        services.AddSingleton<IJobHandler, CallRequestedHandler>();
        services.AddSingleton<IJobHandler, CallbackEnqueueHandler>();
        // Webhook delivery retries by its own policy (GosChat:Ivr:Webhook:Retry), not the general one.
        services.AddSingleton(sp => new JobRetryRule(CallWebhookHandler.JobType, sp.GetRequiredService<IOptions<IvrSettings>>().Value.Webhook.Retry));
        services.AddSingleton(sp => new JobRetryRule(CallRequestedHandler.JobType, sp.GetRequiredService<IOptions<IvrSettings>>().Value.Webhook.Retry));
        services.AddHttpClient(CallWebhookHandler.HttpClientName).ConfigurePrimaryHttpMessageHandler(CallWebhookHandler.CreateHandler);

        var perMinute = config.GetValue("GosChat:Callbacks:BookingsPerMinute", 30);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(CallbackEndpoints.RateLimitPolicy, http =>
            // The telephony platform books for many callers from one address: a request with a valid key is not limited.
            http.RequestServices.GetRequiredService<IvrApiKeys>().Check(http) == ApiKeyCheck.Valid
                ? RateLimitPartition.GetNoLimiter("api-key")
                : ClockRateLimitPartition.PerMinute(http, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", perMinute)));
        return services;
    }

    public static WebApplication MapGosChatIvr(this WebApplication app)
    {
        app.MapIvrCalls();
        app.MapCallbacks();
        return app;
    }

    private static CallOptions ReadCallOptions(IConfiguration config)
    {
        var callbacks = config.GetSection("GosChat:Callbacks");
        var options = new CallOptions
        {
            Zone = ScheduleFactory.ResolveZone(config["GosChat:TimeZone"]),
            SlotMinutes = callbacks.GetValue("SlotMinutes", 30),
            CapacityPerSlot = callbacks.GetValue("CapacityPerSlot", 5),
            HorizonDays = callbacks.GetValue("HorizonDays", 14),
            QueueCapacity = callbacks.GetSection("QueueCapacity").Get<Dictionary<string, int>>() ?? new(),
        };
        if (config.GetValue<TimeSpan?>("GosChat:Deadlines:CallAnswer") is { } answer)
            options.AnswerDeadline = Duration.FromTimeSpan(answer);
        options.Validate();
        return options;
    }
}
