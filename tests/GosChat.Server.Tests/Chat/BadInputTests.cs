using System.Net;
using System.Net.Http.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Chat;

/// <summary>Bad input gets a clear error and changes nothing — on each store.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class BadInputTests(string storage) : ServerFixtureBase(storage)
{

    private async Task AssertNothingWaiting()
    {
        var snapshot = await Server.Centre.Store.LoadSnapshotAsync();
        Assert.That(snapshot.Waiting, Is.Empty);
    }

    private static StartSessionRequest Request(string? topic = "101", string? text = null, string? language = null, string? kind = null,
        string? phone = null, string? email = null) => new(topic, text, language, kind, null, phone, email, null);

    [TestCase("999", null, null, null, null, null, "unknown_queue")]
    [TestCase(null, null, "de", null, null, null, "unknown_language")]
    [TestCase(null, null, null, "wish", null, null, "unknown_kind")]
    [TestCase(null, null, null, null, "call me", null, "bad_phone")]
    [TestCase(null, null, null, null, null, "not-an-email", "bad_email")]
    public async Task StartSession_WithBadField_IsRefused_AndStoresNothing(
        string? topic, string? text, string? language, string? kind, string? phone, string? email, string code)
    {
        var citizen = await Citizen();
        var error = Assert.ThrowsAsync<HubException>(() =>
            citizen.InvokeAsync<SessionStartedDto>("StartSession", Request(topic ?? "101", text, language, kind, phone, email)));
        Assert.That(error!.Message, Does.Contain("HubException: " + code + ":"));
        await AssertNothingWaiting();
    }

    [Test]
    public async Task StartSession_WithTextOver4000Characters_IsRefused()
    {
        var citizen = await Citizen();
        var error = Assert.ThrowsAsync<HubException>(() =>
            citizen.InvokeAsync<SessionStartedDto>("StartSession", Request(text: new string('я', 4001))));
        Assert.That(error!.Message, Does.Contain("HubException: text_too_long:"));
        await AssertNothingWaiting();
    }

    [Test]
    public async Task SendMessage_BeforeStartSession_IsRefused()
    {
        var citizen = await Citizen();
        var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", "Здравствуйте", "c-1"));
        Assert.That(error!.Message, Does.Contain("HubException: no_session:"));
    }

    [TestCase("", "empty_text")]
    [TestCase("   ", "empty_text")]
    [TestCase(null, "empty_text")]
    public async Task SendMessage_WithEmptyText_IsRefused_AndStoresNothing(string? text, string code)
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", text, "c-1"));
        Assert.That(error!.Message, Does.Contain("HubException: " + code + ":"));
        Assert.That(await Server.Centre.Messages.GetAsync(started.SessionId), Is.Empty);
    }

    [Test]
    public async Task SendMessage_Over4000Characters_IsRefused_AndStoresNothing()
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", new string('a', 4001), "c-1"));
        Assert.That(error!.Message, Does.Contain("HubException: text_too_long:"));
        Assert.That(await Server.Centre.Messages.GetAsync(started.SessionId), Is.Empty);
    }

    [Test]
    public async Task MalformedPayloads_GetABindingError_AndChangeNothing()
    {
        var citizen = await Citizen();
        var wrongShape = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession", "not an object"));
        Assert.That(wrongShape!.Message, Does.Contain("binding arguments").IgnoreCase);
        var wrongCount = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", "only text"));
        Assert.That(wrongCount!.Message, Is.Not.Empty);
        var wrongType = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync("Typing", "maybe"));
        Assert.That(wrongType!.Message, Does.Contain("binding arguments").IgnoreCase);
        await AssertNothingWaiting();
        // The connection still works after bad calls.
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        Assert.That(started.State, Is.EqualTo("queued"));
    }

    [Test]
    public async Task ResumeSession_WithUnknownToken_IsRefused()
    {
        var citizen = await Citizen();
        var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionSnapshotDto>("ResumeSession", "no-such-token"));
        Assert.That(error!.Message, Does.Contain("HubException: session_not_found:"));
        var empty = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionSnapshotDto>("ResumeSession", ""));
        Assert.That(empty!.Message, Does.Contain("HubException: bad_resume_token:"));
    }

    [Test]
    public async Task AcceptOffer_UnknownOffer_IsAConflict()
    {
        var op = await Operator("op101");
        var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", "nope"));
        Assert.That(error!.Message, Does.Contain("HubException: offer_gone:"));
    }

    [Test]
    public async Task AcceptOffer_MadeToAnotherOperator_IsRefused_AndTheOfferStands()
    {
        var (owner, offers) = await AvailableOperator("op101");
        var other = await Operator("op102");
        var citizen = await Citizen();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var offer = await offers.WaitAsync();

        var error = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId));
        Assert.That(error!.Message, Does.Contain("HubException: offer_gone:"));
        var accepted = await owner.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        Assert.That(accepted.State, Is.EqualTo("active"));
    }

    [Test]
    public async Task Operator_ActingOnASessionNotTheirs_IsRefused()
    {
        var (owner, offers) = await AvailableOperator("op101");
        var intruder = await Operator("op102");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        await owner.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync()).OfferId);

        var send = Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync<SendResult>("SendMessage", started.SessionId, "hi", "x-1"));
        Assert.That(send!.Message, Does.Contain("HubException: not_your_session:"));
        var close = Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync("CloseSession", started.SessionId, "done"));
        Assert.That(close!.Message, Does.Contain("HubException: not_your_session:"));
        var transfer = Assert.ThrowsAsync<HubException>(() => intruder.InvokeAsync("Transfer", started.SessionId, "102"));
        Assert.That(transfer!.Message, Does.Contain("HubException: not_your_session:"));
        Assert.That((await Server.Centre.Store.GetSessionAsync(started.SessionId))!.OperatorId, Is.EqualTo("op101"));
        Assert.That(await Server.Centre.Messages.GetAsync(started.SessionId), Is.Empty);
    }

    [Test]
    public async Task Transfer_ToUnknownQueue_IsRefused_AndTheSessionStays()
    {
        var (op, offers) = await AvailableOperator("op101");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync()).OfferId);

        var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync("Transfer", started.SessionId, "999"));
        Assert.That(error!.Message, Does.Contain("HubException: unknown_queue:"));
        Assert.That((await Server.Centre.Store.GetSessionAsync(started.SessionId))!.State, Is.EqualTo(Domain.Sessions.SessionState.Active));
    }

    [TestCase("busy")]
    [TestCase("")]
    public async Task SetPresence_WithUnknownValue_IsRefused(string presence)
    {
        var op = await Operator("op101");
        var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync("SetPresence", presence));
        Assert.That(error!.Message, Does.Contain("HubException: bad_presence:"));
    }

    [Test]
    public async Task Rate_BeforeTheSessionIsClosed_IsRefused()
    {
        var citizen = await Citizen();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync("Rate", 5, null));
        Assert.That(error!.Message, Does.Contain("HubException: not_closed:"));
    }

    [Test]
    public async Task Login_WithWrongPassword_Is401ProblemDetails()
    {
        var response = await Server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "wrong" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var unknown = await Server.Http.PostAsJsonAsync("api/auth/login", new { login = "nobody", password = "demo" });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var empty = await Server.Http.PostAsJsonAsync("api/auth/login", new { login = "", password = "" });
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public void OperatorHub_RefusesAnonymousConnections()
    {
        Assert.That(async () => await GosChatServer.ConnectAsync(Server.Url("hubs/operator"), null), Throws.Exception);
        Assert.That(async () => await GosChatServer.ConnectAsync(Server.Url("hubs/operator"), "forged-token"), Throws.Exception);
    }
}
