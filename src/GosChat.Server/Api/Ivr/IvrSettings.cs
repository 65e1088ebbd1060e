using GosChat.Server.Jobs;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Api.Ivr;

/// <summary>The "GosChat:Ivr" configuration section: who may call the telephony API and where connected calls are announced.</summary>
public sealed class IvrSettings
{
    public const string Section = "GosChat:Ivr";

    /// <summary>Accepted X-Api-Key values (GosChat:Ivr:ApiKeys). None configured = the IVR API refuses every request.</summary>
    public List<string> ApiKeys { get; set; } = [];

    public WebhookSettings Webhook { get; set; } = new();
}

/// <summary>
/// GosChat:Ivr:Webhook — optional: POSTed when an operator accepts a call. With a URL a node starts only with an
/// https URL (or <see cref="AllowInsecureHttp"/>) and a <see cref="Secret"/>: every delivery is signed, and redirects
/// are not followed (a 3xx answer is a failed delivery).
/// </summary>
public sealed class WebhookSettings
{
    /// <summary>Smallest accepted length of <see cref="Secret"/>.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Absolute https URL (http only with <see cref="AllowInsecureHttp"/>); empty = no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC-SHA256 key of the X-GosChat-Signature header; required (at least 16 characters) with a URL.</summary>
    public string? Secret { get; set; }

    /// <summary>Accept an http:// URL (development, or a receiver on the same host); off by default.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Hangfire's retries of a failed delivery (default 5, from 5 s doubling up to 5 min); then the job is failed.</summary>
    public RetryOptions Retry { get; set; } = new() { Attempts = 5 };
}

/// <summary>
/// Refuses to start with a webhook URL that is not absolute https (http only when allowed), without a secret, or with
/// out-of-range delivery settings.
/// </summary>
public sealed class IvrSettingsValidator : IValidateOptions<IvrSettings>
{
    public ValidateOptionsResult Validate(string? name, IvrSettings options)
    {
        var problems = new List<string>();
        var webhook = options.Webhook;
        if (!string.IsNullOrWhiteSpace(webhook.Url))
        {
            if (!(Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
                problems.Add($"{IvrSettings.Section}:Webhook:Url must be an absolute https URL.");
            else if (url.Scheme == Uri.UriSchemeHttp && !webhook.AllowInsecureHttp)
                problems.Add($"{IvrSettings.Section}:Webhook:Url must be https (set {IvrSettings.Section}:Webhook:AllowInsecureHttp=true to allow http, e.g. in development).");
            if (string.IsNullOrWhiteSpace(webhook.Secret) || webhook.Secret.Length < WebhookSettings.MinSecretLength)
                problems.Add($"{IvrSettings.Section}:Webhook:Secret is required with a webhook URL (at least {WebhookSettings.MinSecretLength} characters): every delivery is signed.");
        }
        if (webhook.Timeout <= TimeSpan.Zero) problems.Add($"{IvrSettings.Section}:Webhook:Timeout must be positive.");
        problems.AddRange(webhook.Retry.Problems($"{IvrSettings.Section}:Webhook:Retry"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
