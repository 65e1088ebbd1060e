using GosChat.Domain.Ports;
using GosChat.Server.Api.Ivr;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Notifications;

/// <summary>The notification port: the router over the SMS gateway, SMTP and the outbox (a deployment may register its own port first).</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddGosChatNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationSettings>().BindConfiguration(NotificationSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationSettings>, NotificationSettingsValidator>();
        services.TryAddSingleton<OutboxNotificationSender>();
        services.TryAddSingleton<NotificationRouter>();
        services.TryAddSingleton<INotificationSender>(sp => sp.GetRequiredService<NotificationRouter>());
        // Request notices go channel by channel (and are retried) only when the router is the port.
        services.TryAddSingleton<INotificationChannels>(sp => sp.GetRequiredService<INotificationSender>() is NotificationRouter router
            ? router : new SingleNotificationChannel(sp.GetRequiredService<INotificationSender>()));
        services.AddSingleton(sp => new SmtpEmailSender(sp.GetRequiredService<IOptions<NotificationSettings>>().Value.Smtp));
        services.AddSingleton(sp => new SmsWebhookSender(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<NodaTime.IClock>(),
            sp.GetRequiredService<IOptions<NotificationSettings>>().Value.SmsWebhook));
        services.AddHttpClient(SmsWebhookSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(CallWebhookHandler.CreateHandler);
        return services;
    }
}
