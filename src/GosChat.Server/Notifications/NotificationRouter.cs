using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Notifications;

/// <summary>
/// The notification port as configured: a message with a phone goes to the SMS gateway, one with an e-mail address by
/// e-mail, each when its channel is set (<see cref="NotificationSettings"/>); what no configured channel takes stays in
/// the process's outbox. Delivery is best effort: a channel that fails is logged (purpose, reference and the error's
/// type only: never the address, the text or a code) and the caller goes on. As <see cref="INotificationChannels"/> it
/// sends by one channel and lets a failure through, for request notices that Hangfire retries until delivered.
/// </summary>
public sealed partial class NotificationRouter(
    IOptions<NotificationSettings> options,
    OutboxNotificationSender outbox,
    IServiceProvider services,
    ILogger<NotificationRouter> logger) : INotificationSender, INotificationChannels
{
    public const string SmsChannel = "sms";
    public const string EmailChannel = "email";
    public const string OutboxChannel = "outbox";

    /// <summary>The SMS gateway for a phone and SMTP for an address, each when configured; the outbox when neither takes it.</summary>
    public IReadOnlyList<string> ChannelsFor(Notification notification)
    {
        var settings = options.Value;
        var channels = new List<string>(2);
        if (settings.SmsWebhook.IsOn && !string.IsNullOrWhiteSpace(notification.Phone)) channels.Add(SmsChannel);
        if (settings.Smtp.IsOn && !string.IsNullOrWhiteSpace(notification.Email)) channels.Add(EmailChannel);
        if (channels.Count == 0) channels.Add(OutboxChannel);
        return channels;
    }

    /// <summary>One channel, for senders that retry: logged as <see cref="SendAsync(Notification, CancellationToken)"/> logs, and the failure rethrown.</summary>
    public async Task SendAsync(Notification notification, string channel, CancellationToken cancellationToken = default)
    {
        try
        {
            await (channel switch
            {
                SmsChannel => services.GetRequiredService<SmsWebhookSender>().SendAsync(notification, cancellationToken),
                EmailChannel => services.GetRequiredService<SmtpEmailSender>()
                    .SendAsync(notification.Email!, notification.Subject ?? notification.Reference, notification.Text, cancellationToken),
                OutboxChannel => outbox.SendAsync(notification, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown notification channel."),
            });
            Delivered(logger, notification.Purpose, notification.Reference, channel);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(logger, notification.Purpose, notification.Reference, channel, ex.GetType().Name);
            throw;
        }
    }

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
