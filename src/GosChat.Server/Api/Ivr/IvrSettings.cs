namespace GosChat.Server.Api.Ivr;

/// <summary>The "GosChat:Ivr" configuration section: who may call the telephony API and where connected calls are announced.</summary>
public sealed class IvrSettings
{
    public const string Section = "GosChat:Ivr";

    /// <summary>Accepted X-Api-Key values (GosChat:Ivr:ApiKeys). None configured = the IVR API refuses every request.</summary>
    public List<string> ApiKeys { get; set; } = [];

    public WebhookSettings Webhook { get; set; } = new();
}

/// <summary>GosChat:Ivr:Webhook — optional: POSTed when an operator accepts a call.</summary>
public sealed class WebhookSettings
{
    /// <summary>Absolute http(s) URL; empty = no webhook.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC-SHA256 key of the X-GosChat-Signature header; empty = unsigned.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
