using System.Globalization;
using System.Text;
using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Server.Api.Ivr;
using NodaTime;

namespace GosChat.Server.Notifications;

/// <summary>
/// Hands a notification to the SMS gateway: POST <c>{ to, text, purpose, reference, code }</c> as JSON, signed as the IVR
/// webhook is (<see cref="CallWebhookHandler.Sign"/>: HMAC-SHA256 of "{timestamp}.{body}" under the shared secret). The
/// client follows no redirects; a non-2xx answer is a failed delivery.
/// </summary>
public sealed class SmsWebhookSender(IHttpClientFactory http, IClock clock, SmsWebhookSettings settings)
{
    public const string HttpClientName = "goschat-sms-webhook";

    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { to = notification.Phone, text = notification.Text, purpose = notification.Purpose,
            reference = notification.Reference, code = notification.Code });
        var timestamp = clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(CallWebhookHandler.TimestampHeader, timestamp);
        request.Headers.Add(CallWebhookHandler.SignatureHeader, "sha256=" + CallWebhookHandler.Sign(settings.Secret!, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode}.", null, response.StatusCode);
    }
}
