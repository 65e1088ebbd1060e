using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using GosChat.Domain.Calls;
using GosChat.Server.Api.Ivr;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

using GosChat.Server.Jobs;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Ivr;

/// <summary>A call's life as the telephony platform follows it, with operators on /hubs/operator; real Redis.</summary>
public sealed class CallFlowTests : IvrFixture
{
    [Test]
    public async Task Call_IsOfferedAsCall_Accepted_Connected_ThenHangupEndsItAndFreesTheOperator()
    {
        await StartAsync();
        var op = await OperatorAsync("op102");

        var routed = await PostCallAsync("call-7", "+7 (495) 123-45-67 102", caller: "+7 (495) 123-45-67");
        var offer = await op.NextOfferAsync();
        Assert.That(offer.Channel, Is.EqualTo("call"));
        Assert.That(offer.Caller, Is.EqualTo("*******4567"));
        Assert.That(offer.Ticket, Is.EqualTo(routed.GetProperty("ticket").GetString()));
        Assert.That(await CallStateAsync("call-7"), Is.EqualTo("offered"));

        await op.AcceptAsync(offer);
        var connected = await GetCallAsync("call-7");
        Assert.That(connected.GetProperty("state").GetString(), Is.EqualTo("connected"));
        Assert.That(connected.GetProperty("operatorId").GetString(), Is.EqualTo("op102"));
        Assert.That((await CallEventAsync("call-7", "answered")).GetProperty("state").GetString(), Is.EqualTo("connected"));

        // While on the call the operator gets no chat.
        var citizen = Track(await Server.CitizenAsync());
        await citizen.InvokeAsync<JsonElement>("StartSession", new { topic = "102", text = "Справка не приходит" });
        await Server.Centre.Dispatcher.DispatchAsync();
        Assert.That(op.Offers, Has.Count.EqualTo(1), "no chat while the call is connected");
        var ended = await CallEventAsync("call-7", "hangup");
        Assert.That(ended.GetProperty("state").GetString(), Is.EqualTo("ended"));
        Assert.That(ended.GetProperty("endReason").GetString(), Is.EqualTo("hangup"));
        Assert.That(await CallStateAsync("call-7"), Is.EqualTo("ended"));

        // Freed: the waiting chat is offered now.
        var chatOffer = await op.NextOfferAsync(o => o.Channel == "chat");
        Assert.That(chatOffer.Queue, Is.EqualTo("102"));
        Assert.That((await CallEventAsync("call-7", "hangup")).GetProperty("state").GetString(), Is.EqualTo("ended"), "hangup is idempotent");
    }

    [Test]
    public async Task HangupWhileQueued_IsAbandoned_LeavesTheQueueAtOnce_WithWaitRecorded()
    {
        await StartAsync();
        await PostCallAsync("call-a", "101");
        await PostCallAsync("call-b", "101");
        Server.Clock.AdvanceSeconds(42);

        var ended = await CallEventAsync("call-a", "hangup");

        Assert.That(ended.GetProperty("state").GetString(), Is.EqualTo("ended"));
        Assert.That(ended.GetProperty("endReason").GetString(), Is.EqualTo(CallCloseReasons.Abandoned));
        Assert.That(ended.GetProperty("waitSeconds").GetInt32(), Is.EqualTo(42));
        var waiting = (await Server.Centre.Store.LoadSnapshotAsync()).Waiting;
        Assert.That(waiting.Select(s => s.CallId), Is.EqualTo(new[] { "call-b" }));
        Assert.That((await PostCallAsync("call-b", "101")).GetProperty("position").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task EventErrors_AreProblemDetails()
    {
        await StartAsync();
        await PostCallAsync("call-1", "101");

        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls/call-1/events", new { type = "ringing" }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls/call-1/events", new { type = "answered" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls/nope/events", new { type = "hangup" }), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Overload_WhenEstimateExceedsAnswerDeadline_SaysSo_AndOffersCallback()
    {
        await StartAsync(Settings(("GosChat:DefaultHandleTime", "00:04:00")));

        var first = await PostCallAsync("call-1", "103");
        var second = await PostCallAsync("call-2", "103");

        Assert.That(first.GetProperty("overloaded").GetBoolean(), Is.False, "4 min < 5 min");
        Assert.That(second.GetProperty("overloaded").GetBoolean(), Is.True, "8 min > 5 min");
        Assert.That(second.GetProperty("estimatedWaitSeconds").GetInt32(), Is.EqualTo(480));
        Assert.That(second.GetProperty("options").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "callback" }));
    }

    [Test]
    public async Task AcceptedCall_IsAnnouncedToTheWebhook_SignedAndRetriedAfterAFailure()
    {
        var receiver = Track(await WebhookReceiver.StartAsync(failFirst: 1));
        await StartAsync(Settings(
            ("GosChat:Ivr:Webhook:Url", receiver.Url.ToString()),
            ("GosChat:Ivr:Webhook:Secret", "s3cret-of-the-platform"),
            ("GosChat:Ivr:Webhook:AllowInsecureHttp", "true"),
            ("GosChat:Ivr:Webhook:Retry:FirstDelay", "00:00:02")));
        var op = await OperatorAsync("op104");
        var routed = await PostCallAsync("call-w", "104");
        await op.AcceptAsync(await op.NextOfferAsync());

        await Eventually.AssertAsync(() => Volatile.Read(ref receiver.Requests) >= 1, "the first delivery (answered 500)");
        Assert.That(receiver.Received, Is.Empty);
        // Hangfire schedules the retry after the failure is recorded; then run it without waiting out the back-off.
        var jobs = Server.Services.GetRequiredService<JobMonitor>();
        await Eventually.AssertAsync(() => jobs.List(JobMonitor.Scheduled, 10).Any(j => j.Kind == CallWebhookHandler.JobType && j.Attempts == 1),
            "the failed delivery scheduled for a retry");
        await Server.AdvanceSecondsAsync(3);
        await Eventually.AssertAsync(() => !receiver.Received.IsEmpty, "the retried delivery");

        var (timestamp, signature, body) = receiver.Received.Single();
        Assert.That(receiver.Requests, Is.EqualTo(2));
        Assert.That(signature, Is.EqualTo("sha256=" + CallWebhookHandler.Sign("s3cret-of-the-platform", timestamp, body)));
        Assert.That(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(Server.Clock.GetCurrentInstant().ToUnixTimeSeconds()));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.That(json.GetProperty("callId").GetString(), Is.EqualTo("call-w"));
        Assert.That(json.GetProperty("state").GetString(), Is.EqualTo("connected"));
        Assert.That(json.GetProperty("operatorId").GetString(), Is.EqualTo("op104"));
        Assert.That(json.GetProperty("ticket").GetString(), Is.EqualTo(routed.GetProperty("ticket").GetString()));
        Assert.That(json.GetProperty("queue").GetString(), Is.EqualTo("104"));
    }

    [Test]
    public async Task Voicemail_OutOfHours_BecomesNextDayCallback_OfferedAtOpening()
    {
        // Friday 27 November 2026, 21:00 Moscow: closed until Monday 30 November 08:00 Moscow.
        await StartAsync(clock: new FakeClock(Instant.FromUtc(2026, 11, 27, 18, 0)));
        var closed = await PostCallAsync("call-v", "103");
        Assert.That(closed.GetProperty("action").GetString(), Is.EqualTo("closed"));

        var response = await SendAsync(HttpMethod.Post, "api/ivr/voicemail",
            new { callId = "call-v", caller = "+7 (495) 123-45-67", dialed = "103", recordingUrl = "https://pbx.example/rec/call-v.wav" });
        var answer = await JsonAsync(response, HttpStatusCode.Created);
        Assert.That(answer.GetProperty("state").GetString(), Is.EqualTo("deferred"));
        Assert.That(answer.GetProperty("queue").GetString(), Is.EqualTo("103"));
        Assert.That(answer.GetProperty("callbackFrom").GetString(), Is.EqualTo("2026-11-30T05:00:00Z"));
        var again = await JsonAsync(await SendAsync(HttpMethod.Post, "api/ivr/voicemail",
            new { callId = "call-v", caller = "+7 (495) 123-45-67", dialed = "103", recordingUrl = "https://pbx.example/rec/call-v.wav" }), HttpStatusCode.Created);
        Assert.That(again.GetProperty("ticket").GetString(), Is.EqualTo(answer.GetProperty("ticket").GetString()));

        var op = await OperatorAsync("op103");
        Server.Clock.Reset(Instant.FromUtc(2026, 11, 30, 4, 59));
        await Server.Centre.Dispatcher.SweepAsync(); // a minute before opening: still deferred, nothing offered
        var sessionId = await Server.Centre.Store.FindSessionByCallIdAsync("call-v");
        Assert.That((await Server.Centre.Store.GetSessionAsync(sessionId!))!.State, Is.EqualTo(Domain.Sessions.SessionState.Deferred));
        Assert.That(op.Offers, Is.Empty);
        Server.Clock.Reset(Instant.FromUtc(2026, 11, 30, 5, 0));

        var offer = await op.NextOfferAsync();
        Assert.That(offer.Channel, Is.EqualTo("call"));
        Assert.That(offer.Ticket, Is.EqualTo(answer.GetProperty("ticket").GetString()));
        var snapshot = await op.AcceptAsync(offer);
        Assert.That(snapshot.Messages.Any(m => m.Text.Contains("https://pbx.example/rec/call-v.wav", StringComparison.Ordinal)), Is.True);
    }
}
