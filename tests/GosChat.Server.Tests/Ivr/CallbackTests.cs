using System.Net;
using System.Text.Json;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using NodaTime;

namespace GosChat.Server.Tests.Ivr;

/// <summary>Callback booking over HTTP and callbacks entering the queue at their slot; real Redis.</summary>
public sealed class CallbackTests : IvrFixture
{
    // The server's clock starts on a Monday at 10:00 Moscow (07:00 UTC): GosChatServer.MondayMorning.
    private static readonly Instant Monday = GosChatServer.MondayMorning;
    private static readonly string Slot1030 = Iso(Monday + Duration.FromMinutes(30));
    private static readonly string Slot1100 = Iso(Monday + Duration.FromMinutes(60));
    private static readonly string MondayDate = NodaTime.Text.LocalDatePattern.Iso.Format(Monday.InUtc().Date);

    private static string Iso(Instant instant) => NodaTime.Text.InstantPattern.ExtendedIso.Format(instant);

    /// <summary>Slot starts relative to the server's start, for the table below (whole days, then minutes).</summary>
    private static string Relative(string offset) => offset switch
    {
        "-30m" => Iso(Monday - Duration.FromMinutes(30)),
        "saturday" => Iso(Monday + Duration.FromDays(5)),
        "+10h" => Iso(Monday + Duration.FromHours(10)),
        "+10m" => Iso(Monday + Duration.FromMinutes(10)),
        _ => offset,
    };

    /// <summary>Books (anonymous bookings confirmed with the code from the outbox, as the citizen would).</summary>
    private async Task<JsonElement> BookAsync(string slotStart, string queue = "101", string? apiKey = null, string phone = "+7 (916) 555-12-34")
    {
        var booked = await JsonAsync(await SendAsync(HttpMethod.Post, "api/callbacks", new { phone, queue, slotStart, name = "Анна" }, apiKey),
            HttpStatusCode.Created);
        return apiKey is null ? await ConfirmCallbackAsync(booked) : booked;
    }

    private static (string, string) KeyOf(JsonElement booking) => ("X-Callback-Id", booking.GetProperty("callbackId").GetString()!);

    [Test]
    public async Task Booking_IsCreated_ReadMovedAndCancelled_ByTicketAndKey()
    {
        await StartAsync();

        var booked = await BookAsync(Slot1030);
        var ticket = booked.GetProperty("ticket").GetString()!;
        Assert.That(ticket, Does.Match("^3[0-9]{8}$"));
        Assert.That(booked.GetProperty("slotStart").GetString(), Is.EqualTo(Slot1030));
        Assert.That(booked.GetProperty("state").GetString(), Is.EqualTo("booked"));
        Assert.That(booked.GetProperty("phone").GetString(), Is.EqualTo("*******1234"));

        var read = await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/{ticket}", apiKey: null, headers: KeyOf(booked)));
        Assert.That(read.GetProperty("ticket").GetString(), Is.EqualTo(ticket));
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/{ticket}", apiKey: null), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/{ticket}", apiKey: null, headers: ("X-Callback-Id", "guess")),
            HttpStatusCode.NotFound);

        var moved = await JsonAsync(await SendAsync(HttpMethod.Put, $"api/callbacks/{ticket}",
            new { slotStart = Slot1100, phone = "+7 (916) 555-99-88" }, apiKey: null, headers: KeyOf(booked)));
        Assert.That(moved.GetProperty("slotStart").GetString(), Is.EqualTo(Slot1100));
        Assert.That(moved.GetProperty("phone").GetString(), Is.EqualTo("*******9988"));
        Assert.That(moved.GetProperty("state").GetString(), Is.EqualTo("pending"), "a new number is confirmed again");
        Assert.That(CodeOf(moved).Phone, Is.EqualTo("+7 (916) 555-99-88"));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty);

        var cancelled = await JsonAsync(await SendAsync(HttpMethod.Delete, $"api/callbacks/{ticket}", apiKey: ApiKey));
        Assert.That(cancelled.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
        await AssertProblemAsync(await SendAsync(HttpMethod.Put, $"api/callbacks/{ticket}", new { slotStart = Slot1030 }, apiKey: ApiKey),
            HttpStatusCode.Conflict);

        // Cancelled: its slot does not come into the queue.
        await Server.ResetClockAsync(Monday + Duration.FromMinutes(61));
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That((await Server.Centre.Store.FindSessionByCallIdAsync("callback-" + ticket)), Is.Null);
    }

    [Test]
    public async Task FullSlot_Is409_AndACancelledPlaceCanBeTakenAgain()
    {
        await StartAsync(Settings(("GosChat:Callbacks:CapacityPerSlot", "2")));

        var first = await BookAsync(Slot1030);
        await BookAsync(Slot1030, apiKey: ApiKey);
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/callbacks",
            new { phone = "+79165551234", queue = "101", slotStart = Slot1030 }), HttpStatusCode.Conflict);
        await BookAsync(Slot1030, queue: "102", phone: "+7 (916) 555-12-35");

        var slots = await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/slots?queue=101&date={MondayDate}", apiKey: null));
        var slot = slots.EnumerateArray().Single(s => s.GetProperty("slotStart").GetString() == Slot1030);
        Assert.That(slot.GetProperty("free").GetInt32(), Is.EqualTo(0));

        await JsonAsync(await SendAsync(HttpMethod.Delete, $"api/callbacks/{first.GetProperty("ticket").GetString()}", apiKey: null, headers: KeyOf(first)));
        await BookAsync(Slot1030);
    }

    [TestCase("-30m", "slot_in_past")]
    [TestCase("saturday", "slot_closed")]
    [TestCase("+10h", "slot_closed")] // 20:00 Moscow
    [TestCase("+10m", "bad_slot")]
    [TestCase("tomorrow", "bad_slot")]
    public async Task SlotInThePast_OutOfHoursOrMisaligned_Is400(string offset, string code)
    {
        await StartAsync();
        var slotStart = Relative(offset);

        var problem = await JsonAsync(await SendAsync(HttpMethod.Post, "api/callbacks",
            new { phone = "+79165551234", queue = "101", slotStart }, apiKey: null), HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public async Task AtItsSlot_CallbackEntersTheQueue_BehindCallersWaitingLonger_AheadOfLaterOnes()
    {
        // The early caller waits 11 minutes here; a longer answer deadline keeps the 5-minute escalation to the
        // senior tier (tested elsewhere) out of this test of ordering.
        await StartAsync(Settings(("GosChat:Deadlines:CallAnswer", "01:00:00")));
        var booked = await BookAsync(Slot1030, queue: "102");
        var ticket = booked.GetProperty("ticket").GetString()!;
        Server.Clock.Reset(Monday + Duration.FromMinutes(20));
        await PostCallAsync("early-caller", "102"); // waiting since 10:20

        await Server.ResetClockAsync(Monday + Duration.FromMinutes(30));
        await Eventually.AssertAsync(async () => await Server.Centre.Store.FindSessionByCallIdAsync("callback-" + ticket) is not null,
            "the callback in the queue at its slot");
        Server.Clock.AdvanceSeconds(60);
        await PostCallAsync("late-caller", "102"); // 10:31

        var state = await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/{ticket}", apiKey: ApiKey));
        Assert.That(state.GetProperty("state").GetString(), Is.EqualTo("queued"));
        Assert.That(state.GetProperty("callId").GetString(), Is.EqualTo("callback-" + ticket));
        Assert.That((await GetCallAsync("callback-" + ticket)).GetProperty("ticket").GetString(), Is.EqualTo(ticket), "keeps its ticket");

        // One operator takes them one by one: the order is the order they entered the queue.
        var op = await OperatorAsync("op102");
        var served = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var offer = await op.NextOfferAsync(o => !served.Contains(o.Ticket));
            served.Add(offer.Ticket);
            await op.AcceptAsync(offer);
            var callId = (await Server.Centre.Store.GetSessionAsync(offer.SessionId))!.CallId!;
            await CallEventAsync(callId, "hangup");
        }
        var early = (await GetCallAsync("early-caller")).GetProperty("ticket").GetString();
        var late = (await GetCallAsync("late-caller")).GetProperty("ticket").GetString();
        Assert.That(served, Is.EqualTo(new[] { early, ticket, late }));
    }

    [Test]
    public async Task OperatorsList_CallbacksOfADate()
    {
        await StartAsync();
        await BookAsync(Slot1030);
        await BookAsync(Iso(Monday + Duration.FromDays(1) + Duration.FromMinutes(30)));

        await AssertProblemAsync(await SendAsync(HttpMethod.Get, $"api/callbacks?date={MondayDate}", apiKey: null), HttpStatusCode.Unauthorized);
        var token = await Server.LoginAsync("op101");
        var list = await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks?date={MondayDate}", apiKey: null,
            headers: ("Authorization", "Bearer " + token)));

        Assert.That(list.GetArrayLength(), Is.EqualTo(1));
        Assert.That(list[0].TryGetProperty("callbackId", out _), Is.False);
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheTelephonyAndCallbackEndpoints()
    {
        await StartAsync();

        var doc = await JsonAsync(await Server.Http.GetAsync("openapi/v1.json"));
        var paths = doc.GetProperty("paths");

        foreach (var path in new[] { "/api/ivr/calls", "/api/ivr/calls/{callId}", "/api/ivr/calls/{callId}/events", "/api/ivr/voicemail",
                     "/api/callbacks", "/api/callbacks/{ticket}", "/api/callbacks/slots" })
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
        Assert.That(paths.GetProperty("/api/ivr/calls").GetProperty("post").GetProperty("operationId").GetString(), Is.EqualTo("IvrRouteCall"));
    }
}
