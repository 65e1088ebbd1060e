using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GosChat.Server.Api.Ivr;
using GosChat.Server.Jobs;
using GosChat.Server.Tests.Ivr;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// The connected-call webhook against real receivers (Kestrel on loopback): https only unless allowed, never without
/// a secret, every delivery signed, and a redirect is a failed delivery that is retried, never followed.
/// </summary>
public sealed class WebhookSecurityTests() : IvrFixture(useRedis: false)
{
    private const string Secret = "a-secret-of-the-platform";

    private static X509Certificate2 LoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The node trusts the test receiver's own certificate (as a deployment trusts its platform's CA), nothing else changes.</summary>
    private static Action<IServiceCollection> Trusting(X509Certificate2 certificate) => services =>
        services.PostConfigure<HttpClientFactoryOptions>(CallWebhookHandler.HttpClientName, o => o.HttpMessageHandlerBuilderActions.Add(b =>
            ((SocketsHttpHandler)b.PrimaryHandler).SslOptions.RemoteCertificateValidationCallback =
                (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString()));

    private async Task AcceptACallAsync(string callId)
    {
        var op = await OperatorAsync("op104");
        await PostCallAsync(callId, "104");
        await op.AcceptAsync(await op.NextOfferAsync());
    }

    [TestCase("http://127.0.0.1:9/hook", Secret, "must be https")]
    [TestCase("https://pbx.example/hook", "", "Secret is required")]
    [TestCase("https://pbx.example/hook", "short", "Secret is required")]
    public void NodeDoesNotStart_WithAnInsecureUrl_OrWithoutASecret(string url, string secret, string message)
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await StartAsync(Settings(("GosChat:Ivr:Webhook:Url", url), ("GosChat:Ivr:Webhook:Secret", secret))));
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public async Task HttpsDelivery_IsSigned()
    {
        using var certificate = LoopbackCertificate();
        var receiver = Track(await WebhookReceiver.StartAsync(failFirst: 0, certificate));
        Assert.That(receiver.Url.Scheme, Is.EqualTo("https"));
        Server = Track(await GosChatServer.StartAsync(settings: Settings(
            ("GosChat:Ivr:Webhook:Url", receiver.Url.ToString()), ("GosChat:Ivr:Webhook:Secret", Secret)), services: Trusting(certificate)));

        await AcceptACallAsync("call-tls");

        await Eventually.AssertAsync(() => !receiver.Received.IsEmpty, "the delivery over https");
        var (timestamp, signature, body) = receiver.Received.Single();
        Assert.That(signature, Is.EqualTo("sha256=" + CallWebhookHandler.Sign(Secret, timestamp, body)));
        Assert.That(body, Does.Contain("call-tls"));
    }

    [Test]
    public async Task Redirect_IsAFailedDelivery_RetriedAndNeverFollowed()
    {
        var receiver = Track(await WebhookReceiver.StartAsync(failFirst: 0, redirect: true));
        await StartAsync(Settings(
            ("GosChat:Ivr:Webhook:Url", receiver.Url.ToString()),
            ("GosChat:Ivr:Webhook:Secret", Secret),
            ("GosChat:Ivr:Webhook:AllowInsecureHttp", "true"),
            ("GosChat:Ivr:Webhook:Retry:FirstDelay", "00:00:02")));

        await AcceptACallAsync("call-redirect");

        await Eventually.AssertAsync(() => Volatile.Read(ref receiver.Requests) >= 1, "the first delivery (answered 307)");
        var jobs = Server.Services.GetRequiredService<JobMonitor>();
        await Eventually.AssertAsync(() => jobs.List(JobMonitor.Scheduled, 10).Any(j => j.Kind == CallWebhookHandler.JobType && j.Attempts == 1),
            "the redirected delivery failed and scheduled for a retry");
        await Server.AdvanceSecondsAsync(3);
        await Eventually.AssertAsync(() => Volatile.Read(ref receiver.Requests) >= 2, "the retry, to the configured URL again");
        Assert.That(Volatile.Read(ref receiver.Redirected), Is.EqualTo(0), "the redirect target never got the body");
    }
}
