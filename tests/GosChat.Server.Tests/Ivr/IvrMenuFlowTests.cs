using System.Text.Json;
using GosChat.TestSupport.Server;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Server.Tests.Ivr;

/// <summary>The voice menu played from the platform's side: prompts for missing choices, routing by all of them.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class IvrMenuFlowTests(bool useRedis) : IvrFixture(useRedis)
{
    private async Task<JsonElement> MenuCallAsync(string callId, string dialed, object choices) =>
        await JsonAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls", new { callId, caller = "+79001234567", dialed, choices }));

    [Test]
    public async Task MissingChoices_AreAskedInTurn_AndTheCallIsRoutedAndRecordedByThem()
    {
        await StartAsync();

        var first = await MenuCallAsync("call-m", "101", new { });
        Assert.That(first.GetProperty("action").GetString(), Is.EqualTo("prompt"));
        Assert.That(first.GetProperty("prompt").GetProperty("name").GetString(), Is.EqualTo("language"));
        Assert.That(first.GetProperty("prompt").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()),
            Is.EqualTo(new[] { "ru", "en", "tt", "ba" }));

        var wrongKey = await MenuCallAsync("call-m", "101", new { language = "7" });
        Assert.That(wrongKey.GetProperty("prompt").GetProperty("name").GetString(), Is.EqualTo("language"));
        Assert.That(wrongKey.GetProperty("prompt").GetProperty("invalid").GetString(), Is.EqualTo("7"));

        var second = await MenuCallAsync("call-m", "101", new { language = "3" });
        Assert.That(second.GetProperty("prompt").GetProperty("name").GetString(), Is.EqualTo("kind"));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty, "nothing is created while the menu runs");

        var routed = await MenuCallAsync("call-m", "101", new { language = "3", kind = "2" });
        Assert.That(routed.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(routed.GetProperty("ticket").GetString(), Does.Match("^2[0-9]{8}$"), "a complaint's ticket");
        Assert.That(routed.GetProperty("language").GetString(), Is.EqualTo("tt"));
        Assert.That(routed.GetProperty("kind").GetString(), Is.EqualTo("complaint"));

        // The Tatar call goes to the operator who speaks Tatar, not to op101 (ru, en) idle longer.
        var op101 = await OperatorAsync("op101");
        var senior = await OperatorAsync("senior");
        var offer = await senior.NextOfferAsync(o => o.Channel == "call");
        Assert.That(offer.Language, Is.EqualTo("tt"));
        Assert.That(op101.Offers, Is.Empty);
    }

    [Test]
    public async Task UrgentOption_ReachesTheEmergencyModeOnAHoliday_WhileAnOrdinaryCallIsClosed()
    {
        var tuesday = GosChatServer.MondayMorning + Duration.FromDays(1);
        var holiday = tuesday.InUtc().Date.ToString("yyyy-MM-dd", null);
        await StartAsync(Settings(("GosChat:Calendar:Holidays:0", holiday), ("GosChat:Queues:101:EmergencyOnHolidays", "true")),
            new FakeClock(tuesday));

        var ordinary = await MenuCallAsync("call-o", "101", new { language = "1", kind = "3" });
        var urgent = await MenuCallAsync("call-u", "101", new { language = "1", kind = "3", urgent = true });

        Assert.That(ordinary.GetProperty("action").GetString(), Is.EqualTo("closed"));
        Assert.That(urgent.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(urgent.GetProperty("urgent").GetBoolean(), Is.True);
        var op = await OperatorAsync("op101");
        var offer = await op.NextOfferAsync(o => o.Channel == "call");
        Assert.That(offer.Priority, Is.GreaterThan(0), "an urgent call is critical");
    }

    [Test]
    public async Task ATicketNumber_ContinuesThatRequest()
    {
        await StartAsync();

        var bad = await MenuCallAsync("call-t", "102", new { language = "1", ticket = "999" });
        Assert.That(bad.GetProperty("prompt").GetProperty("name").GetString(), Is.EqualTo("ticket"));

        var routed = await MenuCallAsync("call-t", "102", new { language = "1", ticket = "1 2345 6789" });
        Assert.That(routed.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(routed.GetProperty("ticket").GetString(), Is.EqualTo("123456789"));
        Assert.That(routed.GetProperty("kind").GetString(), Is.EqualTo("application"));
        Assert.That((await GetCallAsync("call-t")).GetProperty("ticket").GetString(), Is.EqualTo("123456789"));
    }

    [Test]
    public async Task ClosedLine_OffersTheNextFreeSlots_AndTheCallerBooksOneFromTheMenu()
    {
        // Saturday 11:00: queue 103 is closed (default Mon–Fri 08:00–20:00) until Monday 08:00.
        await StartAsync(Settings(("GosChat:Callbacks:CapacityPerSlot", "1")),
            new FakeClock(GosChatServer.MondayMorning + Duration.FromDays(5) + Duration.FromHours(1)));
        var monday0800 = GosChatServer.MondayMorning + Duration.FromDays(7) - Duration.FromHours(2);

        var closed = await MenuCallAsync("call-c", "103", new { language = "1", kind = "3" });
        Assert.That(closed.GetProperty("action").GetString(), Is.EqualTo("closed"));
        Assert.That(closed.GetProperty("options").EnumerateArray().Select(o => o.GetString()), Does.Contain("callback"));
        var slots = closed.GetProperty("slots").EnumerateArray().ToList();
        Assert.That(slots, Has.Count.EqualTo(3));
        var first = slots[0].GetProperty("slotStart").GetString()!;
        Assert.That(NodaTime.Text.InstantPattern.ExtendedIso.Parse(first).Value, Is.EqualTo(monday0800));

        // The caller presses 1 for the first slot: the platform books it with its key and the call id.
        var booking = await JsonAsync(await SendAsync(HttpMethod.Post, "api/callbacks",
            new { phone = "+79001234567", queue = "103", slotStart = first, callId = "call-c" }), System.Net.HttpStatusCode.Created);
        Assert.That(booking.GetProperty("state").GetString(), Is.EqualTo("booked"));

        // That slot is now full: the next caller is offered the following ones.
        var next = await MenuCallAsync("call-d", "103", new { language = "1", kind = "3" });
        Assert.That(next.GetProperty("slots")[0].GetProperty("slotStart").GetString(), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task WithoutChoices_TheCallIsRoutedAsBefore()
    {
        await StartAsync();

        var routed = await PostCallAsync("call-plain", "103");

        Assert.That(routed.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(routed.GetProperty("language").GetString(), Is.EqualTo("ru"));
        Assert.That(routed.GetProperty("ticket").GetString(), Does.Match("^3[0-9]{8}$"));
    }
}
