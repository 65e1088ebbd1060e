namespace GosChat.Domain.Ports;

/// <summary>
/// One message to a citizen's phone (an SMS, or whatever the deployment's gateway sends): <see cref="Text"/> is the whole
/// message; <see cref="Code"/> is the one-time code inside it, for gateways that template codes themselves.
/// <see cref="Purpose"/> says what it is for (e.g. "callback-confirmation") and <see cref="Reference"/> what it is
/// about (a ticket), the only parts that may be logged.
/// </summary>
public sealed record Notification(string Phone, string Purpose, string Reference, string Text, string? Code = null)
{
    /// <summary>
    /// The citizen's e-mail address, when they gave one: an e-mail adapter sends there. <see cref="Phone"/> is empty when
    /// only an address is known.
    /// </summary>
    public string? Email { get; init; }

    /// <summary>The subject line of an e-mail (the reference when none is given).</summary>
    public string? Subject { get; init; }
}

/// <summary>
/// The notification port: sends messages to citizens. The embedded default keeps them in an outbox in the process
/// (and logs only purpose and reference); a deployment plugs in its SMS gateway.
/// </summary>
public interface INotificationSender
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken = default);
}

/// <summary>
/// The notification port channel by channel, for senders that retry until delivered: which channels a notification goes
/// by (e.g. <c>sms</c> and <c>email</c>), and one delivery by one channel that throws when it fails, so a retry can skip
/// the channels already done.
/// </summary>
public interface INotificationChannels
{
    IReadOnlyList<string> ChannelsFor(Notification notification);

    /// <summary>Delivers by <paramref name="channel"/>; throws when the channel did not take it.</summary>
    Task SendAsync(Notification notification, string channel, CancellationToken cancellationToken = default);
}

/// <summary>A plain <see cref="INotificationSender"/> as one channel (<c>port</c>): for deployments that plug in their own sender.</summary>
public sealed class SingleNotificationChannel(INotificationSender sender) : INotificationChannels
{
    public const string Channel = "port";

    public IReadOnlyList<string> ChannelsFor(Notification notification) => [Channel];

    public Task SendAsync(Notification notification, string channel, CancellationToken cancellationToken = default) =>
        sender.SendAsync(notification, cancellationToken);
}
