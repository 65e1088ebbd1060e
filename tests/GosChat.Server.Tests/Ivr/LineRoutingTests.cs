using System.Net;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Server.Tests.Ivr;

/// <summary>Lines (GosChat:Lines, docs/lines.md) through the real server: the IVR, /api/status and StartSession; Redis and embedded.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class LineRoutingTests(bool useRedis) : IvrFixture(useRedis)
{
    /// <summary>Saturday 11:00 Moscow time of the test week.</summary>
    private static readonly Instant SaturdayEleven = GosChatServer.MondayMorning + Duration.FromDays(5) + Duration.FromHours(1);

    /// <summary>A hotline whose own hours include Saturday 10–18, where extension 101 reaches queue 102; and a legal line.</summary>
    private static Dictionary<string, string?> LineSettings() => Settings(
        ("GosChat:Lines:hotline:Numbers:0", "8-800-555-35-35"),
        ("GosChat:Lines:hotline:Menu:101", "102"),
        ("GosChat:Lines:hotline:Menu:103", "103"),
        ("GosChat:Lines:hotline:Schedule:Monday:0", "09:00-20:00"),
        ("GosChat:Lines:hotline:Schedule:Saturday:0", "10:00-18:00"),
        ("GosChat:Lines:legal:Numbers:0", "+7 (495) 123-45-06"),
        ("GosChat:Lines:legal:Sites:0", "pravo"),
        ("GosChat:Lines:legal:Entry", "106"));

    [TestCase("GosChat:Lines:hotline:Numbers:0", "not a number", "GosChat:Lines:hotline:Numbers:0")]
    [TestCase("GosChat:Lines:hotline:Menu:101", "999", "GosChat:Lines:hotline:Menu:101")]
    [TestCase("GosChat:Lines:hotline:Schedule:Monday:0", "9-5", "GosChat:Lines:hotline:Schedule:Monday")]
    public void NodeDoesNotStart_WithALineItCannotUse_NamingTheKey(string key, string value, string named)
    {
        var settings = LineSettings();
        settings[key] = value;

        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await StartAsync(settings));
        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public async Task HotlineCall_OnSaturday_IsEnqueuedByItsLinesHours_AndOfferedToTheQueuesOperator()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven));

        var hotline = await PostCallAsync("call-hot", "8 800 555-35-35 доб. 101");
        var general = await PostCallAsync("call-gen", "+7 (495) 123-45-67 102");

        Assert.That(hotline.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(hotline.GetProperty("line").GetString(), Is.EqualTo("hotline"));
        Assert.That(hotline.GetProperty("queue").GetString(), Is.EqualTo("102"), "101 on the hotline's menu is queue 102");
        Assert.That(general.GetProperty("action").GetString(), Is.EqualTo("closed"), "an unknown number: the default line, the queue's own hours");
        Assert.That(general.GetProperty("line").GetString(), Is.EqualTo("default"));
        Assert.That(await CallStateAsync("call-hot"), Is.EqualTo("queued"));

        var op = await OperatorAsync("op102");
        var offer = await op.NextOfferAsync(o => o.Channel == "call");
        Assert.That(offer.Queue, Is.EqualTo("102"));
    }

    [Test]
    public async Task LineCall_OutsideItsHours_IsClosed_WithItsNextOpening_AndNothingIsCreated()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven + Duration.FromHours(7)));

        var call = await PostCallAsync("call-late", "88005553535,103");

        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("closed"));
        Assert.That(call.GetProperty("nextOpening").GetString(),
            Is.EqualTo(NodaTime.Text.InstantPattern.General.Format(GosChatServer.MondayMorning + Duration.FromDays(7) - Duration.FromHours(1))),
            "the hotline's Monday 09:00");
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty);
    }

    [Test]
    public async Task LineCall_WithAnExtensionNotOnItsMenu_RepromptsWithTheLinesMenu()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven));

        var answer = await PostCallAsync("call-x", "8-800-555-35-35 104");

        Assert.That(answer.GetProperty("action").GetString(), Is.EqualTo("reprompt"));
        Assert.That(answer.GetProperty("menu").EnumerateArray().Select(m => (m.GetProperty("extension").GetString(), m.GetProperty("queue").GetString())),
            Is.EqualTo(new[] { ("101", "102"), ("103", "103") }));
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, "api/ivr/calls/call-x"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task LegalNumber_WithoutExtension_GoesStraightToItsQueue_AndItsVoicemailToo()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven));

        var call = await PostCallAsync("call-legal", "8 (495) 123-45-06");
        var voicemail = await JsonAsync(await SendAsync(HttpMethod.Post, "api/ivr/voicemail",
            new { callId = "vm-legal", caller = "+79001234567", dialed = "+7 495 123 45 06", recordingUrl = "https://pbx.example/rec/1.wav" }),
            HttpStatusCode.Created);

        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(call.GetProperty("queue").GetString(), Is.EqualTo("106"));
        Assert.That(voicemail.GetProperty("queue").GetString(), Is.EqualTo("106"));
    }

    [Test]
    public async Task Status_ForALine_ListsItsQueues_WithItsCallHours_AndAnUnknownLineIs400()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven));

        var hotline = await JsonAsync(await Server.Http.GetAsync("api/status?line=hotline"));
        var legal = await JsonAsync(await Server.Http.GetAsync("api/status?line=pravo"));
        var all = await JsonAsync(await Server.Http.GetAsync("api/status"));

        Assert.That(hotline.GetProperty("line").GetString(), Is.EqualTo("hotline"));
        var queues = hotline.GetProperty("queues").EnumerateArray().ToList();
        Assert.That(queues.Select(q => q.GetProperty("id").GetString()), Is.EqualTo(new[] { "102", "103" }));
        Assert.That(queues[0].GetProperty("hours").GetProperty("phone").EnumerateArray().Select(w => w.GetString()), Is.EqualTo(new[] { "10:00-18:00" }));
        Assert.That(queues[0].GetProperty("hours").GetProperty("chat").EnumerateArray(), Is.Empty, "chats keep the queue's hours: closed on Saturday");
        Assert.That(legal.GetProperty("line").GetString(), Is.EqualTo("legal"));
        Assert.That(legal.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("id").GetString()), Is.EqualTo(new[] { "106" }));
        Assert.That(all.TryGetProperty("line", out var none) && none.ValueKind != JsonValueKind.Null, Is.False, "no line asked: as always");
        Assert.That(all.GetProperty("queues").GetArrayLength(), Is.EqualTo(5));

        var unknown = await Server.Http.GetAsync("api/status?line=nope");
        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest);
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("unknown_line"));
    }

    [Test]
    public async Task StartSession_ForALine_TakesItsTopic_AndRefusesAnotherLinesTopic_CreatingNothing()
    {
        await StartAsync(LineSettings(), new FakeClock(SaturdayEleven));
        var citizen = Track(await Server.CitizenAsync());

        var refused = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Вопрос", "ru", null, null, null, null, null, Line: "legal")));
        Assert.That(refused!.Message, Does.Contain("unknown_queue"));
        var unknownLine = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(null, "Вопрос", "ru", null, null, null, null, null, Line: "nope")));
        Assert.That(unknownLine!.Message, Does.Contain("unknown_line"));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty);

        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(null, "Нужна консультация юриста", "ru", null, null, null, null, null, Line: "pravo"));
        Assert.That(started.Queue, Is.EqualTo("106"));
        Assert.That(started.State, Is.EqualTo("queued"), "the legal line works on Saturdays");
    }
}
