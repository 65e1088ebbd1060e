using System.Text.Json;
using GosChat.Domain.Requests;
using GosChat.Server.Api.Ivr;
using GosChat.Server.Hubs;
using GosChat.Server.Notifications;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.Server.Tests.Ivr;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// Notices to the citizen leave the node: by e-mail through MailKit to an SMTP sink the test runs on loopback, and by the
/// SMS gateway's webhook (a Kestrel receiver), signed as the IVR webhook is.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestNotificationTests(string storage) : ServerFixtureBase(storage)
{
    private const string Secret = "the-sms-gateway-shared-secret";
    private SimpleSmtpServer _smtp = null!;
    private WebhookReceiver _sms = null!;

    [OneTimeSetUp]
    public async Task StartSinks()
    {
        _smtp = netDumbster.smtp.Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        _sms = await WebhookReceiver.StartAsync(failFirst: 0);
    }

    [OneTimeTearDown]
    public async Task StopSinks()
    {
        _smtp.Dispose();
        await _sms.DisposeAsync();
    }

    [SetUp]
    public void ClearSinks()
    {
        _smtp.ClearReceivedEmail();
        _sms.Received.Clear();
    }

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Notifications:Smtp:Host"] = "127.0.0.1",
        ["GosChat:Notifications:Smtp:Port"] = _smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GosChat:Notifications:Smtp:Security"] = "none",
        ["GosChat:Notifications:Smtp:From"] = "noreply@goschat.test",
        ["GosChat:Notifications:SmsWebhook:Url"] = _sms.Url.ToString(),
        ["GosChat:Notifications:SmsWebhook:Secret"] = Secret,
        ["GosChat:Notifications:SmsWebhook:AllowInsecureHttp"] = "true",
    };

    private MimeMessage[] Mails(string ticket) => _smtp.ReceivedEmail
        .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
        .Where(m => (m.Subject ?? "").Contains(ticket, StringComparison.Ordinal)).ToArray();

    private JsonElement[] Sms(string ticket) => _sms.Received
        .Select(r => (r, json: JsonDocument.Parse(r.Body).RootElement))
        .Where(x => x.json.GetProperty("reference").GetString() == ticket)
        .Select(x =>
        {
            Assert.That(x.r.Signature, Is.EqualTo("sha256=" + CallWebhookHandler.Sign(Secret, x.r.Timestamp, x.r.Body)), "signed");
            return x.json;
        }).ToArray();

    [Test]
    public async Task TheCitizen_GetsTheTicketAndCode_StatusChangesAndAnswers_ByEmailAndSms_InTheirLanguage()
    {
        var (op, offers) = await AvailableOperator("op102");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Need a certificate", "en", null, "John", "+7 916 123-45-67", "john@example.org", null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto("application", "form", "internal"));
        var ticket = opened.Ticket;

        await Eventually.AssertAsync(() => Task.FromResult(Mails(ticket).Length == 1 && Sms(ticket).Length == 1), "the opening notice by both channels");
        var mail = Mails(ticket).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo("john@example.org"));
            Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo("noreply@goschat.test"));
            Assert.That(mail.Subject, Is.EqualTo($"Request {ticket}"));
            Assert.That(mail.TextBody, Does.StartWith($"Your request {ticket} has been received. Access code: {opened.AccessCode}."));
            Assert.That(mail.TextBody, Does.Not.Contain("John").And.Not.Contain("internal"));
        });
        var sms = Sms(ticket).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sms.GetProperty("to").GetString(), Is.EqualTo("+7 916 123-45-67"));
            Assert.That(sms.GetProperty("purpose").GetString(), Is.EqualTo(RequestNotices.OpenedPurpose));
            Assert.That(sms.GetProperty("code").GetString(), Is.EqualTo(opened.AccessCode));
            Assert.That(sms.GetProperty("text").GetString(), Is.EqualTo(mail.TextBody.Trim()));
        });

        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", ticket, "inProgress");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", ticket, "Your certificate is ready: number 77-1234.");

        await Eventually.AssertAsync(() => Task.FromResult(Mails(ticket).Length == 3 && Sms(ticket).Length == 3), "three notices by both channels");
        Assert.That(Mails(ticket).Select(m => (m.TextBody ?? "").Trim()), Is.EquivalentTo(new[]
        {
            mail.TextBody.Trim(),
            $"Request {ticket}: in progress.",
            $"There is an answer to your request {ticket}. Open it under \"My requests\" with your access code.",
        }));
        Assert.That(Sms(ticket).Select(s => s.GetProperty("purpose").GetString()),
            Is.EquivalentTo(new[] { RequestNotices.OpenedPurpose, RequestNotices.StatusPurpose, RequestNotices.AnswerPurpose }));
        Assert.That(Server.Services.GetRequiredService<OutboxNotificationSender>().Sent.Where(n => n.Reference == ticket), Is.Empty,
            "delivered, not left in the outbox");
    }

    [Test]
    public async Task ARussianChatWithoutEmail_GetsOnlyTheSms_InRussian()
    {
        var (op, offers) = await AvailableOperator("op102");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Нужна справка", "ru", null, null, "+7 916 765-43-21", null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto(null, null, null));

        await Eventually.AssertAsync(() => Task.FromResult(Sms(opened.Ticket).Length == 1), "the SMS");
        Assert.That(Sms(opened.Ticket).Single().GetProperty("text").GetString(),
            Does.StartWith($"Ваше обращение {opened.Ticket} принято. Код доступа: {opened.AccessCode}. Ответим до "));
        Assert.That(Mails(opened.Ticket), Is.Empty);
    }
}

/// <summary>The notification settings a node refuses to start with.</summary>
public sealed class NotificationSettingsTests
{
    [TestCase("http://127.0.0.1:9/sms", "a-long-enough-secret", false, "must be https")]
    [TestCase("https://sms.example/hook", "short", false, "Secret is required")]
    [TestCase("not a url", "a-long-enough-secret", false, "absolute https URL")]
    public void SmsWebhook_MustBeHttpsAndSigned(string url, string secret, bool allowHttp, string message)
    {
        var result = new NotificationSettingsValidator().Validate(null, new NotificationSettings
        {
            SmsWebhook = new SmsWebhookSettings { Url = url, Secret = secret, AllowInsecureHttp = allowHttp },
        });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(message));
    }

    [Test]
    public void Smtp_NeedsASenderAddress_AndAKnownSecurityMode()
    {
        var result = new NotificationSettingsValidator().Validate(null, new NotificationSettings
        {
            Smtp = new SmtpSettings { Host = "smtp.example", Security = "maybe" },
        });
        Assert.That(result.FailureMessage, Does.Contain("Smtp:From").And.Contain("Smtp:Security"));
        Assert.That(new NotificationSettingsValidator().Validate(null, new NotificationSettings()).Succeeded, Is.True, "both off is fine");
    }
}
