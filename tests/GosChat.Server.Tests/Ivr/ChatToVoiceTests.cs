using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GosChat.Domain;
using GosChat.Domain.Calls;
using GosChat.Domain.Sessions;
using GosChat.Server.Api.Ivr;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Ivr;

/// <summary>
/// Chat to voice (docs/ivr.md): the operator asks to call, the citizen confirms a number in the widget's hub, the platform
/// (a real receiver on loopback) gets a signed <c>call.requested</c>, and the call it reports joins the same session.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class ChatToVoiceTests(bool useRedis) : IvrFixture(useRedis)
{
    private const string Secret = "a-secret-of-the-platform";

    private sealed record Chat(OperatorClient Operator, HubConnection Citizen, SessionStartedDto Started, ConcurrentQueue<CallPhoneRequestedDto> Asked);

    private async Task<WebhookReceiver> StartWithWebhookAsync()
    {
        var receiver = Track(await WebhookReceiver.StartAsync(failFirst: 0));
        await StartAsync(Settings(
            ("GosChat:Ivr:Webhook:Url", receiver.Url.ToString()),
            ("GosChat:Ivr:Webhook:Secret", Secret),
            ("GosChat:Ivr:Webhook:AllowInsecureHttp", "true")));
        return receiver;
    }

    private async Task<Chat> ActiveChatAsync(string? phone = "+7 916 555-12-34")
    {
        var op = await OperatorAsync("op102");
        var citizen = Track(await Server.CitizenAsync());
        var asked = new ConcurrentQueue<CallPhoneRequestedDto>();
        citizen.On<CallPhoneRequestedDto>("CallPhoneRequested", asked.Enqueue);
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new { topic = "102", text = "Позвоните мне, пожалуйста", phone });
        await op.AcceptAsync(await op.NextOfferAsync());
        return new Chat(op, citizen, started, asked);
    }

    private Task<Session?> StoredAsync(Chat chat) => Server.Centre.Store.GetSessionAsync(chat.Started.SessionId);

    [Test]
    public async Task OperatorAsksToCall_CitizenConfirms_PlatformGetsASignedCallRequested_AndItsCallJoinsTheSession()
    {
        var receiver = await StartWithWebhookAsync();
        var chat = await ActiveChatAsync();

        var asked = await chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId);
        Assert.That(asked.State, Is.EqualTo(VoiceCallStates.AwaitingPhone));
        await Eventually.AssertAsync(() => !chat.Asked.IsEmpty, "the citizen's prompt");
        Assert.That(chat.Asked.Single().Phone, Is.EqualTo("*******1234"), "the number given at the start, masked");
        Assert.That(receiver.Received, Is.Empty, "nothing is asked of the platform before the citizen confirms");

        var confirmed = await chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", "8 926 111-22-33");
        Assert.That(confirmed.State, Is.EqualTo(VoiceCallStates.Requested));

        await Eventually.AssertAsync(() => !receiver.Received.IsEmpty, "the call.requested webhook");
        var (timestamp, signature, body) = receiver.Received.Single();
        Assert.That(signature, Is.EqualTo("sha256=" + CallWebhookHandler.Sign(Secret, timestamp, body)));
        var hook = JsonDocument.Parse(body).RootElement;
        Assert.That(hook.GetProperty("event").GetString(), Is.EqualTo("call.requested"));
        Assert.That(hook.GetProperty("sessionId").GetString(), Is.EqualTo(chat.Started.SessionId));
        Assert.That(hook.GetProperty("ticket").GetString(), Is.EqualTo(chat.Started.Ticket));
        Assert.That(hook.GetProperty("queue").GetString(), Is.EqualTo("102"));
        Assert.That(hook.GetProperty("phone").GetString(), Is.EqualTo("8 926 111-22-33"));
        Assert.That(hook.GetProperty("operatorId").GetString(), Is.EqualTo("op102"));
        var callId = hook.GetProperty("callId").GetString()!;

        // The platform places the call and reports it: it joins the session, bridged to the session's operator.
        var routed = await PostCallAsync(callId, "", caller: "8 926 111-22-33");
        Assert.That(routed.GetProperty("action").GetString(), Is.EqualTo("connect"));
        Assert.That(routed.GetProperty("operatorId").GetString(), Is.EqualTo("op102"));
        Assert.That(routed.GetProperty("ticket").GetString(), Is.EqualTo(chat.Started.Ticket));
        var polled = await GetCallAsync(callId);
        Assert.That(polled.GetProperty("state").GetString(), Is.EqualTo("connected"));
        Assert.That(polled.GetProperty("operatorId").GetString(), Is.EqualTo("op102"));
        Assert.That((await CallEventAsync(callId, "answered")).GetProperty("state").GetString(), Is.EqualTo("connected"), "reported twice: the same call");

        var joined = (await StoredAsync(chat))!;
        Assert.That(joined.State, Is.EqualTo(SessionState.Active));
        Assert.That(joined.OperatorId, Is.EqualTo("op102"), "the operator keeps the session");
        Assert.That(joined.Voice, Is.Not.Null);
        Assert.That(joined.Voice!.State, Is.EqualTo(VoiceCallStates.Connected));
        Assert.That(joined.Voice.CallId, Is.EqualTo(callId));
        Assert.That(joined.Phone, Is.EqualTo("8 926 111-22-33"));
        var history = await chat.Operator.Connection.InvokeAsync<List<MessageDto>>("GetMessages", chat.Started.SessionId, 0L);
        Assert.That(history.Select(m => m.Text), Has.Some.EqualTo("Позвоните мне, пожалуйста"), "one history: the chat's messages…");
        Assert.That(history.Where(m => m.From == "system").Select(m => m.Text), Has.Some.Contains("Звонок соединён"), "…and the call's");

        // The call ends; the chat goes on with its operator.
        Assert.That((await CallEventAsync(callId, "hangup")).GetProperty("state").GetString(), Is.EqualTo("ended"));
        var after = (await StoredAsync(chat))!;
        Assert.That(after.State, Is.EqualTo(SessionState.Active));
        Assert.That(after.Voice!.State, Is.EqualTo(VoiceCallStates.Ended));
        Assert.That(receiver.Received, Has.Count.EqualTo(1), "one request for one call");
    }

    [Test]
    public async Task BadRequests_AreHubErrors_AndChangeNothing()
    {
        var receiver = await StartWithWebhookAsync();
        var chat = await ActiveChatAsync(phone: null);
        var other = Track(await Server.OperatorAsync("op101"));

        await AssertHubErrorAsync(() => chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", (string?)null), ErrorCodes.BadSessionId);
        await AssertHubErrorAsync(() => chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", "no-such-session"), ErrorCodes.SessionNotFound);
        await AssertHubErrorAsync(() => other.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId), ErrorCodes.NotYourSession);
        await AssertHubErrorAsync(() => chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", "+7 916 555-12-34"), ErrorCodes.CallNotRequested);
        Assert.That((await StoredAsync(chat))!.Voice, Is.Null, "nothing asked");
        Assert.That(chat.Asked, Is.Empty);

        await chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId);
        await AssertHubErrorAsync(() => chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId), ErrorCodes.CallAlreadyRequested);
        await AssertHubErrorAsync(() => chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", "call me maybe"), ErrorCodes.BadPhone);
        await AssertHubErrorAsync(() => chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", ""), ErrorCodes.BadPhone);
        var waiting = (await StoredAsync(chat))!;
        Assert.That(waiting.Voice!.State, Is.EqualTo(VoiceCallStates.AwaitingPhone), "still waiting for a number");
        Assert.That(waiting.Voice.CallId, Is.Null);
        Assert.That(waiting.Phone, Is.Null);
        var unknown = await SendAsync(HttpMethod.Post, "api/ivr/calls/goschat-unknown/events", new { type = "answered" });
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await Server.AdvanceSecondsAsync(2);
        Assert.That(Volatile.Read(ref receiver.Requests), Is.EqualTo(0), "the platform was asked nothing");
    }

    [Test]
    public async Task WithoutAWebhook_AskingToCall_IsRefused()
    {
        await StartAsync();
        var chat = await ActiveChatAsync();
        await AssertHubErrorAsync(() => chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId), ErrorCodes.CallsUnavailable);
        Assert.That((await StoredAsync(chat))!.Voice, Is.Null);
        Assert.That(chat.Asked, Is.Empty);
    }

    [Test]
    public async Task TheConsoleIsToldTheCallsState_RingingConnectedEndedWithItsDuration_AndTheSnapshotCarriesIt()
    {
        var receiver = await StartWithWebhookAsync();
        var chat = await ActiveChatAsync();
        var states = new ConcurrentQueue<CallStateDto>();
        chat.Operator.Connection.On<CallStateDto>("CallState", states.Enqueue);

        await chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId);
        await Eventually.AssertAsync(() => states.Any(c => c.State == "awaitingPhone"), "asked: waiting for the citizen's number");
        await chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", "");
        await Eventually.AssertAsync(() => states.Any(c => c.State == "ringing"), "ringing while the platform places it");
        await Eventually.AssertAsync(() => !receiver.Received.IsEmpty, "the call.requested webhook");
        var callId = JsonDocument.Parse(receiver.Received.Single().Body).RootElement.GetProperty("callId").GetString()!;

        await PostCallAsync(callId, "", caller: "+7 916 555-12-34");
        await Eventually.AssertAsync(() => states.Any(c => c.State == "connected"), "connected");
        var connected = states.Last(c => c.State == "connected");
        Assert.That(connected.SessionId, Is.EqualTo(chat.Started.SessionId));
        Assert.That(connected.ConnectedAt, Is.EqualTo(Server.Clock.GetCurrentInstant()));
        var reloaded = await chat.Operator.Connection.InvokeAsync<JsonElement>("GetState");
        var snapshot = reloaded.GetProperty("sessions").EnumerateArray().Single(x => x.GetProperty("sessionId").GetString() == chat.Started.SessionId);
        Assert.That(snapshot.GetProperty("call").GetProperty("state").GetString(), Is.EqualTo("connected"), "a reloaded console sees it too");

        await Server.AdvanceSecondsAsync(95);
        await CallEventAsync(callId, "hangup");
        await Eventually.AssertAsync(() => states.Any(c => c.State == "ended"), "ended");
        var ended = states.Last(c => c.State == "ended");
        Assert.That(ended.DurationSeconds, Is.EqualTo(95));
        Assert.That(states.Select(c => c.State).Distinct(), Is.EqualTo(new[] { "awaitingPhone", "ringing", "connected", "ended" }));
    }

    [Test]
    public async Task TransferDuringTheCall_IsRefused_AndTheConversationStaysWithItsOperator()
    {
        var receiver = await StartWithWebhookAsync();
        var chat = await ActiveChatAsync();
        await chat.Operator.Connection.InvokeAsync<VoiceCallDto>("RequestCall", chat.Started.SessionId);
        await chat.Citizen.InvokeAsync<VoiceCallDto>("ConfirmCallPhone", "");
        await Eventually.AssertAsync(() => !receiver.Received.IsEmpty, "the call.requested webhook");
        var callId = JsonDocument.Parse(receiver.Received.Single().Body).RootElement.GetProperty("callId").GetString()!;
        await PostCallAsync(callId, "", caller: "+7 916 555-12-34");

        await AssertHubErrorAsync(() => chat.Operator.Connection.InvokeAsync("Transfer", chat.Started.SessionId, "103"), ErrorCodes.CallInProgress);
        var kept = (await StoredAsync(chat))!;
        Assert.That(kept.State, Is.EqualTo(SessionState.Active));
        Assert.That(kept.OperatorId, Is.EqualTo("op102"));
        Assert.That(kept.Queue, Is.EqualTo("102"));
        Assert.That(kept.Voice!.State, Is.EqualTo(VoiceCallStates.Connected));

        // Once the call has ended the chat may move on.
        await CallEventAsync(callId, "hangup");
        await chat.Operator.Connection.InvokeAsync("Transfer", chat.Started.SessionId, "103");
        Assert.That((await StoredAsync(chat))!.Queue, Is.EqualTo("103"));
    }

    private static async Task AssertHubErrorAsync(Func<Task> call, string code)
    {
        var error = Assert.ThrowsAsync<HubException>(async () => await call());
        Assert.That(error!.Message, Does.Contain("HubException: " + code + ":"));
        await Task.CompletedTask;
    }
}
