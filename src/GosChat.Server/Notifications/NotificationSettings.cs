using Microsoft.Extensions.Options;

namespace GosChat.Server.Notifications;

/// <summary>
/// <c>GosChat:Notifications</c>: where messages to citizens go. With neither channel set they stay in the process's
/// outbox (<see cref="OutboxNotificationSender"/>), as before. docs/requests.md, "Notices to the citizen".
/// </summary>
public sealed class NotificationSettings
{
    public const string Section = "GosChat:Notifications";

    public SmtpSettings Smtp { get; set; } = new();
    public SmsWebhookSettings SmsWebhook { get; set; } = new();

    /// <summary>
    /// Retries of a request notice a channel did not take (<c>GosChat:Notifications:Retry</c>): 10 retries, from 30 s
    /// doubling up to 30 min (about 3 hours in all); then the job stays Failed in the jobs view, to retry by hand.
    /// </summary>
    public GosChat.Server.Jobs.RetryOptions Retry { get; set; } = new() { Attempts = 10, FirstDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(30) };
}

/// <summary>E-mail through an SMTP relay (MailKit). Off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary><c>auto</c> (STARTTLS when offered), <c>starttls</c> (required), <c>tls</c> (implicit, port 465), <c>none</c>.</summary>
    public string Security { get; set; } = "auto";
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender address, e.g. <c>noreply@goschat.example</c>.</summary>
    public string? From { get; set; }
    public string FromName { get; set; } = "GosChat";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsOn => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// SMS through the deployment's gateway: a signed POST (as the IVR webhook: <c>X-GosChat-Timestamp</c>,
/// <c>X-GosChat-Signature: sha256=…</c>) of <c>{ to, text, purpose, reference, code? }</c>. Off while <see cref="Url"/> is empty.
/// </summary>
public sealed class SmsWebhookSettings
{
    public const int MinSecretLength = 16;
    public string? Url { get; set; }
    public string? Secret { get; set; }
    /// <summary>Allows an http URL (development only).</summary>
    public bool AllowInsecureHttp { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsOn => !string.IsNullOrWhiteSpace(Url);
}

public sealed class NotificationSettingsValidator : IValidateOptions<NotificationSettings>
{
    private static readonly string[] SecurityModes = ["auto", "starttls", "tls", "none"];

    public ValidateOptionsResult Validate(string? name, NotificationSettings options)
    {
        var problems = new List<string>();
        var smtp = options.Smtp;
        if (smtp.IsOn)
        {
            if (smtp.Port is < 1 or > 65535) problems.Add($"{NotificationSettings.Section}:Smtp:Port must be 1–65535.");
            if (!SecurityModes.Contains(smtp.Security)) problems.Add($"{NotificationSettings.Section}:Smtp:Security must be one of {string.Join(", ", SecurityModes)}.");
            if (string.IsNullOrWhiteSpace(smtp.From) || !MimeKit.MailboxAddress.TryParse(smtp.From, out _))
                problems.Add($"{NotificationSettings.Section}:Smtp:From must be an e-mail address.");
            if (smtp.Timeout <= TimeSpan.Zero) problems.Add($"{NotificationSettings.Section}:Smtp:Timeout must be positive.");
        }
        var sms = options.SmsWebhook;
        if (sms.IsOn)
        {
            if (!(Uri.TryCreate(sms.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
                problems.Add($"{NotificationSettings.Section}:SmsWebhook:Url must be an absolute https URL.");
            else if (url.Scheme == Uri.UriSchemeHttp && !sms.AllowInsecureHttp)
                problems.Add($"{NotificationSettings.Section}:SmsWebhook:Url must be https (AllowInsecureHttp=true allows http, e.g. in development).");
            if (string.IsNullOrWhiteSpace(sms.Secret) || sms.Secret.Length < SmsWebhookSettings.MinSecretLength)
                problems.Add($"{NotificationSettings.Section}:SmsWebhook:Secret is required with a URL (at least {SmsWebhookSettings.MinSecretLength} characters): every message is signed.");
            if (sms.Timeout <= TimeSpan.Zero) problems.Add($"{NotificationSettings.Section}:SmsWebhook:Timeout must be positive.");
        }
        problems.AddRange(options.Retry.Problems($"{NotificationSettings.Section}:Retry"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
