using System.Net;
using GosChat.Domain.Sessions;
using GosChat.Server.Requests;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Ivr;

/// <summary>
/// The ticket's first digit for calls, voice messages and callbacks: the caller's choice in the voice menu (1
/// application, 2 complaint, 3 question) or the operator's in OpenRequest, not always 3.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class KindDigitTests(bool redis) : IvrFixture(redis)
{
    private static readonly Instant Monday = GosChatServer.MondayMorning;

    private Task<HttpResponseMessage> VoicemailAsync(string callId, string? kind) => SendAsync(HttpMethod.Post, "api/ivr/voicemail",
        new { callId, caller = "+7 (495) 123-45-67", dialed = "103", recordingUrl = $"https://pbx.example/rec/{callId}.wav", kind });

    [Test]
    public async Task Voicemail_TakesTheCallersKind_AsDigitOrName_AndRefusesAnUnknownOne()
    {
        await StartAsync(clock: new FakeClock(Instant.FromUtc(2026, 11, 27, 18, 0))); // Friday 21:00 Moscow, closed

        var application = await JsonAsync(await VoicemailAsync("vm-1", "1"), HttpStatusCode.Created);
        var complaint = await JsonAsync(await VoicemailAsync("vm-2", "complaint"), HttpStatusCode.Created);
        var plain = await JsonAsync(await VoicemailAsync("vm-3", null), HttpStatusCode.Created);

        Assert.Multiple(() =>
        {
            Assert.That(application.GetProperty("ticket").GetString(), Does.Match("^1[0-9]{8}$"));
            Assert.That(complaint.GetProperty("ticket").GetString(), Does.Match("^2[0-9]{8}$"));
            Assert.That(plain.GetProperty("ticket").GetString(), Does.Match("^3[0-9]{8}$"));
        });
        var session = await Server.Centre.Store.GetSessionAsync((await Server.Centre.Store.FindSessionByCallIdAsync("vm-2"))!);
        Assert.That(session!.Kind, Is.EqualTo(RequestKind.Complaint));

        await AssertProblemAsync(await VoicemailAsync("vm-4", "9"), HttpStatusCode.BadRequest);
        Assert.That(await Server.Centre.Store.FindSessionByCallIdAsync("vm-4"), Is.Null, "nothing created");
    }

    [Test]
    public async Task Callback_TakesTheCallersKind_AndItsCallKeepsIt_AtTheSlot()
    {
        await StartAsync();
        var slot = NodaTime.Text.InstantPattern.ExtendedIso.Format(Monday + Duration.FromMinutes(30));

        var booked = await JsonAsync(await SendAsync(HttpMethod.Post, "api/callbacks",
            new { phone = "+7 (916) 555-12-34", queue = "102", slotStart = slot, kind = "1" }), HttpStatusCode.Created);
        var ticket = booked.GetProperty("ticket").GetString()!;
        Assert.That(ticket, Does.Match("^1[0-9]{8}$"), "an application's ticket");
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/callbacks",
            new { phone = "+7 (916) 555-12-35", queue = "102", slotStart = slot, kind = "wish" }), HttpStatusCode.BadRequest);

        await Server.ResetClockAsync(Monday + Duration.FromMinutes(30));
        string? sessionId = null;
        await Eventually.AssertAsync(async () => (sessionId = await Server.Centre.Store.FindSessionByCallIdAsync("callback-" + ticket)) is not null,
            "the callback in the queue at its slot");
        var session = await Server.Centre.Store.GetSessionAsync(sessionId!);
        Assert.That((session!.Ticket, session.Kind), Is.EqualTo((ticket, RequestKind.Application)));
    }

    [Test]
    public async Task ACallsRequest_KeepsTheCallersKind_OrTakesTheOperators()
    {
        await StartAsync();
        var op = await OperatorAsync("op101");

        var complaint = await JsonAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls",
            new { callId = "call-k", caller = "+79001234567", dialed = "101", choices = new { language = "1", kind = "2" } }));
        var offer = await op.NextOfferAsync(o => o.Ticket == complaint.GetProperty("ticket").GetString());
        var snapshot = await op.AcceptAsync(offer);
        var kept = await op.Connection.InvokeAsync<OpenedRequestDto>("OpenRequest", snapshot.SessionId, new OpenRequestDto(null, null, null));
        Assert.That(kept.Ticket, Is.EqualTo(complaint.GetProperty("ticket").GetString()), "the caller's complaint digit");
        await op.Connection.InvokeAsync("CloseSession", snapshot.SessionId, "request opened");

        var plain = await PostCallAsync("call-p", "101");
        Assert.That(plain.GetProperty("ticket").GetString(), Does.StartWith("3"));
        offer = await op.NextOfferAsync(o => o.Ticket == plain.GetProperty("ticket").GetString());
        snapshot = await op.AcceptAsync(offer);
        var chosen = await op.Connection.InvokeAsync<OpenedRequestDto>("OpenRequest", snapshot.SessionId, new OpenRequestDto("application", null, null));
        Assert.That(chosen.Ticket, Is.EqualTo("1" + plain.GetProperty("ticket").GetString()![1..]), "the operator's choice");
    }
}
