using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using GosChat.Server.Jobs;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.Server.Tests.Ivr;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Hangfire;
using MimeKit;
using netDumbster.smtp;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// Notices to the citizen are sent by Hangfire jobs that carry only the ticket and the notice's number, retried until
/// every channel took them, and never delivered twice by a channel that already took them: an SMTP relay that is down
/// and then up, an SMS gateway answering 500 and then 200.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestNoticeRetryTests(string storage) : ServerFixtureBase(storage)
{
    private const string Secret = "the-sms-gateway-shared-secret";
    private int _smtpPort;
    private SimpleSmtpServer? _smtp;
    private WebhookReceiver _sms = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _smtpPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _sms = await WebhookReceiver.StartAsync(failFirst: 0);
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _sms.DisposeAsync();

    [TearDown]
    public void StopSmtp()
    {
        _smtp?.Dispose();
        _smtp = null;
        _sms.Received.Clear();
        _sms.FailNext(0);
    }

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Notifications:Smtp:Host"] = "127.0.0.1",
        ["GosChat:Notifications:Smtp:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GosChat:Notifications:Smtp:Security"] = "none",
        ["GosChat:Notifications:Smtp:From"] = "noreply@goschat.test",
        ["GosChat:Notifications:SmsWebhook:Url"] = _sms.Url.ToString(),
        ["GosChat:Notifications:SmsWebhook:Secret"] = Secret,
        ["GosChat:Notifications:SmsWebhook:AllowInsecureHttp"] = "true",
    };

    private void StartSmtp() =>
        _smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(_smtpPort).Build();

    private MimeMessage[] Mails(string ticket) => (_smtp?.ReceivedEmail ?? [])
        .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
        .Where(m => (m.Subject ?? "").Contains(ticket, StringComparison.Ordinal)).ToArray();

    private JsonElement[] Sms(string ticket) => _sms.Received
        .Select(r => JsonDocument.Parse(r.Body).RootElement)
        .Where(json => json.GetProperty("reference").GetString() == ticket).ToArray();

    private async Task<OpenedRequestDto> OpenAsync(string? phone, string? email)
    {
        var (op, offers) = await AvailableOperator("op102");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Need a certificate", "en", null, null, phone, email, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        return await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto("application", "form", null));
    }

    /// <summary>Waits until the notice job's failed attempt has left a retry scheduled (Hangfire's back-off).</summary>
    private async Task RetryScheduledAsync()
    {
        var api = Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually.AssertAsync(() => Task.FromResult(api.ScheduledJobs(0, 100)
            .Any(j => JobArgs.Of(j.Value?.Job)?.Kind == RequestJobs.NoticeType)), "a retry of the notice is scheduled");
        await Server.WhenIdleAsync();
    }

    private async Task<RequestNotice> NoticeAsync(string ticket) =>
        (await Server.Services.GetRequiredService<IRequestStore>().GetAsync(ticket))!.Notices.Single(n => n.Purpose == RequestNotices.OpenedPurpose);

    [Test]
    public async Task SmtpDown_ThenUp_TheEmailArrives_Once()
    {
        var opened = await OpenAsync(phone: null, email: "john@example.org");
        await RetryScheduledAsync(); // the first attempt failed: nothing listens on the relay's port
        Assert.That((await NoticeAsync(opened.Ticket)) is { Done: false, Delivered.Count: 0 }, Is.True, "still pending, with its code");

        StartSmtp();
        await Server.RunDueJobsAsync(); // the retry, due on the test's clock
        await Eventually.AssertAsync(() => Task.FromResult(Mails(opened.Ticket).Length == 1), "the e-mail after the relay came back");
        Assert.That(Mails(opened.Ticket).Single().TextBody, Does.Contain(opened.AccessCode));

        var notice = await NoticeAsync(opened.Ticket);
        Assert.Multiple(() =>
        {
            Assert.That(notice.Done, Is.True);
            Assert.That(notice.Code, Is.Null, "the code is no longer kept");
            Assert.That(notice.Delivered, Is.EqualTo(new[] { "email" }));
        });
        await Server.RunDueJobsAsync();
        Assert.That(Mails(opened.Ticket), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task SmsGatewayFailing_ThenAnswering_DeliversOnce_AndTheEmailIsNotSentAgain()
    {
        StartSmtp();
        _sms.FailNext(1);
        var opened = await OpenAsync(phone: "+7 916 123-45-67", email: "john@example.org");
        await RetryScheduledAsync();
        await Eventually.AssertAsync(() => Task.FromResult(Mails(opened.Ticket).Length == 1), "the e-mail went at once");
        Assert.That(Sms(opened.Ticket), Is.Empty, "the gateway answered 500");
        Assert.That((await NoticeAsync(opened.Ticket)).Delivered, Is.EqualTo(new[] { "email" }));

        await Server.RunDueJobsAsync();
        await Eventually.AssertAsync(() => Task.FromResult(Sms(opened.Ticket).Length == 1), "the SMS on the retry");
        Assert.That(Sms(opened.Ticket).Single().GetProperty("code").GetString(), Is.EqualTo(opened.AccessCode));

        // Hangfire delivers at least once: the same notice's job again sends nothing.
        await Server.Services.GetRequiredService<RequestNotices>().ScheduleAsync(opened.Ticket, (await NoticeAsync(opened.Ticket)).Seq);
        await Server.RunDueJobsAsync();
        Assert.That((Sms(opened.Ticket).Length, Mails(opened.Ticket).Length), Is.EqualTo((1, 1)));
        Assert.That((await NoticeAsync(opened.Ticket)).Done, Is.True);
    }

}
