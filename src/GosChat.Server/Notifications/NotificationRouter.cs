using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Notifications;

/// <summary>
/// The notification port as configured: a message with a phone goes to the SMS gateway, one with an e-mail address by
/// e-mail, each when its channel is set (<see cref="NotificationSettings"/>); what no configured channel takes stays in
/// the process's outbox. Delivery is best effort: a channel that fails is logged (purpose, reference and the error's
/// type only: never the address, the text or a code) and the caller goes on.
/// </summary>
public sealed partial class NotificationRouter(
    IOptions<NotificationSettings> options,
    OutboxNotificationSender outbox,
    IServiceProvider services,
    ILogger<NotificationRouter> logger) : INotificationSender
{
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var bySms = settings.SmsWebhook.IsOn && !string.IsNullOrWhiteSpace(notification.Phone);
        var byEmail = settings.Smtp.IsOn && !string.IsNullOrWhiteSpace(notification.Email);
        if (!bySms && !byEmail)
        {
            await outbox.SendAsync(notification, cancellationToken);
            return;
        }
        if (bySms)
            await TryAsync(notification, "sms", cancellationToken, () => services.GetRequiredService<SmsWebhookSender>().SendAsync(notification, cancellationToken));
        if (byEmail)
            await TryAsync(notification, "email", cancellationToken, () => services.GetRequiredService<SmtpEmailSender>()
                .SendAsync(notification.Email!, notification.Subject ?? notification.Reference, notification.Text, cancellationToken));
    }

    private async Task TryAsync(Notification notification, string channel, CancellationToken cancellationToken, Func<Task> send)
    {
        try
        {
            await send();
            Delivered(logger, notification.Purpose, notification.Reference, channel);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(logger, notification.Purpose, notification.Reference, channel, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7311, Level = LogLevel.Information, Message = "Notification {Purpose} for {Reference} sent by {Channel}")]
    private static partial void Delivered(ILogger logger, string purpose, string reference, string channel);

    [LoggerMessage(EventId = 7312, Level = LogLevel.Warning, Message = "Notification {Purpose} for {Reference} not sent by {Channel}: {Error}")]
    private static partial void Failed(ILogger logger, string purpose, string reference, string channel, string error);
}
