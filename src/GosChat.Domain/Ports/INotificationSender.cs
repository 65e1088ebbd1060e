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
