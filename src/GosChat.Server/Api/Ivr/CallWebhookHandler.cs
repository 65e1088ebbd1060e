using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Jobs;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Api.Ivr;

/// <summary>
/// Delivers one connected-call webhook: POST of the JSON body with X-GosChat-Timestamp (unix seconds) and
/// X-GosChat-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}")) — always signed: a node does not start
/// with a webhook URL and no secret (<see cref="IvrSettingsValidator"/>). Redirects are not followed (the client is
/// built with AllowAutoRedirect off): a 3xx, like any non-2xx answer or a network error, fails the attempt; Hangfire
/// retries it with back-off (GosChat:Ivr:Webhook:Retry) and finally marks it failed.
/// </summary>
public sealed partial class CallWebhookHandler(
    IHttpClientFactory http,
    IClock clock,
    IOptionsMonitor<IvrSettings> settings,
    ILogger<CallWebhookHandler> logger) : IJobHandler
{
    public const string JobType = "ivr.webhook";
    public const string HttpClientName = "goschat-ivr-webhook";
    public const string TimestampHeader = "X-GosChat-Timestamp";
    public const string SignatureHeader = "X-GosChat-Signature";

    public string Kind => JobType;

    public Task HandleAsync(DelayedJob job, CancellationToken ct) => SendAsync(job.Id, job.Payload, ct);

    /// <summary>One signed delivery of <paramref name="body"/>; throws on any failure so Hangfire retries (also used by <see cref="CallRequestedHandler"/>).</summary>
    public async Task SendAsync(string jobId, string body, CancellationToken ct)
    {
        var webhook = settings.CurrentValue.Webhook;
        if (string.IsNullOrWhiteSpace(webhook.Url)) return; // switched off since the job was scheduled
        var timestamp = clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TimestampHeader, timestamp);
        if (string.IsNullOrEmpty(webhook.Secret)) throw new InvalidOperationException("The webhook has no secret; it is never sent unsigned.");
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(webhook.Secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(webhook.Timeout);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            Log.Refused(logger, jobId, (int)response.StatusCode);
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
        Log.Delivered(logger, jobId);
    }

    /// <summary>The delivery client: no redirects (a 3xx is a failure, never a second request somewhere else).</summary>
    public static SocketsHttpHandler CreateHandler() => new() { AllowAutoRedirect = false };

    /// <summary>Lower-case hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Call webhook {JobId} delivered")]
        public static partial void Delivered(ILogger logger, string jobId);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Call webhook {JobId} refused with status {Status}")]
        public static partial void Refused(ILogger logger, string jobId, int status);
    }
}
