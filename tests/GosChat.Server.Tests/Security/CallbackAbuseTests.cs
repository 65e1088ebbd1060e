using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Notifications;
using GosChat.Server.Tests.Ivr;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// Anonymous callback bookings against a real server on both stores: one number cannot be filled with bookings (or
/// messages), an address is limited, a booking holds a place only once the code sent to its phone comes back, and
/// the telephony platform (API key) is never caught by any of it.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class CallbackAbuseTests(bool useRedis) : IvrFixture(useRedis)
{
    private static readonly Instant Monday = GosChatServer.MondayMorning;
    private static readonly string MondayDate = NodaTime.Text.LocalDatePattern.Iso.Format(Monday.InUtc().Date);
    private const string Victim = "+7 926 111-22-33";

    private static string SlotAt(int halfHours) =>
        NodaTime.Text.InstantPattern.ExtendedIso.Format(Monday + Duration.FromMinutes(30 * halfHours));

    private Task<HttpResponseMessage> PostAsync(string phone, string slotStart, string? apiKey = null) =>
        SendAsync(HttpMethod.Post, "api/callbacks", new { phone, queue = "101", slotStart }, apiKey);

    private IReadOnlyList<GosChat.Domain.Ports.Notification> Outbox =>
        Server.Services.GetRequiredService<OutboxNotificationSender>().Sent;

    private async Task<int> FreeAsync(string slotStart)
    {
        var slots = await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/slots?queue=101&date={MondayDate}", apiKey: null));
        return slots.EnumerateArray().Single(s => s.GetProperty("slotStart").GetString() == slotStart).GetProperty("free").GetInt32();
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
    }

    private Task<HttpResponseMessage> ConfirmWithAsync(JsonElement booking, string code) =>
        SendAsync(HttpMethod.Post, $"api/callbacks/{booking.GetProperty("ticket").GetString()}/confirm", new { code }, apiKey: null,
            headers: ("X-Callback-Id", booking.GetProperty("callbackId").GetString()!));

    private async Task<JsonElement> ReadAsync(JsonElement booking) =>
        await JsonAsync(await SendAsync(HttpMethod.Get, $"api/callbacks/{booking.GetProperty("ticket").GetString()}"));

    [Test]
    public async Task ThirtyAnonymousBookings_ForOneNumber_AreRefusedPastTheLimit_AndFillNoSlot()
    {
        await StartAsync();
        var written = new[] { Victim, "8 926 111 22 33", "+79261112233", "9261112233" };

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++) answers.Add(await PostAsync(written[i % written.Length], SlotAt(1 + i % 10)));

        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.That(created, Is.EqualTo(2), "two open bookings per number");
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            Assert.That(await CodeAsync(refused, HttpStatusCode.TooManyRequests), Is.EqualTo("too_many_callbacks"));
        Assert.That(Outbox.Count(n => AnonymousPhone(n.Phone)), Is.EqualTo(2), "the victim got two codes, not thirty");
        for (var i = 1; i <= 10; i++) Assert.That(await FreeAsync(SlotAt(i)), Is.EqualTo(5), "pending bookings hold no place");

        // The telephony platform, from the same address, books for the same number: no anonymous limit applies.
        var fromPbx = await JsonAsync(await PostAsync(Victim, SlotAt(1), apiKey: ApiKey), HttpStatusCode.Created);
        Assert.That(fromPbx.GetProperty("state").GetString(), Is.EqualTo("booked"));
    }

    private static bool AnonymousPhone(string phone) => new string(phone.Where(char.IsAsciiDigit).ToArray()) is var d && d.EndsWith("9261112233");

    [Test]
    public async Task TheLimitsOfANumber_HoldAcrossNodes()
    {
        if (RedisConnection is null) Assert.Pass("one node on the embedded store");
        await StartAsync();
        var other = Track(await GosChatServer.StartAsync(RedisConnection, Settings(), Server.Clock));

        await JsonAsync(await PostAsync(Victim, SlotAt(1)), HttpStatusCode.Created);
        await JsonAsync(await other.Http.PostAsJsonAsync("api/callbacks", new { phone = "8 926 111 22 33", queue = "101", slotStart = SlotAt(2) }),
            HttpStatusCode.Created);

        Assert.That(await CodeAsync(await PostAsync(Victim, SlotAt(3)), HttpStatusCode.TooManyRequests), Is.EqualTo("too_many_callbacks"));
        Assert.That(await CodeAsync(await other.Http.PostAsJsonAsync("api/callbacks", new { phone = Victim, queue = "101", slotStart = SlotAt(3) }),
            HttpStatusCode.TooManyRequests), Is.EqualTo("too_many_callbacks"));
    }

    [Test]
    public async Task OneAddress_IsLimitedAcrossNumbers_ButAnApiKeyRequestIsNot()
    {
        await StartAsync(Settings(("GosChat:Callbacks:Anonymous:PerAddress:Limit", "5"),
            ("GosChat:Callbacks:Anonymous:PerAddress:Window", "01:00:00")));

        for (var i = 0; i < 5; i++)
            await JsonAsync(await PostAsync($"+7 916 000-00-{i:D2}", SlotAt(1 + i)), HttpStatusCode.Created);
        Assert.That(await CodeAsync(await PostAsync("+7 916 000-00-99", SlotAt(1)), HttpStatusCode.TooManyRequests), Is.EqualTo("rate_limited"));

        for (var i = 0; i < 5; i++)
            await JsonAsync(await PostAsync($"+7 916 000-01-{i:D2}", SlotAt(1 + i), apiKey: ApiKey), HttpStatusCode.Created);
    }

    [Test]
    public async Task UnconfirmedBookings_HoldNoPlace_AndConfirmingTakesOne_WhenThereIsRoom()
    {
        await StartAsync(Settings(("GosChat:Callbacks:CapacityPerSlot", "2")));
        var slot = SlotAt(1);
        var first = await JsonAsync(await PostAsync("+7 916 100-00-01", slot), HttpStatusCode.Created);
        var second = await JsonAsync(await PostAsync("+7 916 100-00-02", slot), HttpStatusCode.Created);
        Assert.That(first.GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(first.GetProperty("confirmBy").GetString(), Is.Not.Null);
        Assert.That(await FreeAsync(slot), Is.EqualTo(2));

        var confirmed = await ConfirmCallbackAsync(first);
        Assert.That(confirmed.GetProperty("state").GetString(), Is.EqualTo("booked"));
        Assert.That(await FreeAsync(slot), Is.EqualTo(1));
        Assert.That((await ConfirmCallbackAsync(first)).GetProperty("state").GetString(), Is.EqualTo("booked"), "confirming twice changes nothing");

        // The last place goes to the telephony platform; the second pending booking then finds the slot full.
        await JsonAsync(await PostAsync("+7 916 100-00-03", slot, apiKey: ApiKey), HttpStatusCode.Created);
        Assert.That(await CodeAsync(await ConfirmWithAsync(second, CodeOf(second).Code!), HttpStatusCode.Conflict), Is.EqualTo("slot_full"));
        Assert.That((await ReadAsync(second)).GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(await FreeAsync(slot), Is.EqualTo(0));

        // Moved to a slot with room, it confirms there.
        await JsonAsync(await SendAsync(HttpMethod.Put, $"api/callbacks/{second.GetProperty("ticket").GetString()}", new { slotStart = SlotAt(2) },
            apiKey: null, headers: ("X-Callback-Id", second.GetProperty("callbackId").GetString()!)));
        Assert.That((await ConfirmCallbackAsync(second)).GetProperty("state").GetString(), Is.EqualTo("booked"));
    }

    [Test]
    public async Task WrongCode_IsRefused_AndTooManyWrongCodesExpireTheBooking()
    {
        await StartAsync();
        var booking = await JsonAsync(await PostAsync("+7 916 200-00-01", SlotAt(1)), HttpStatusCode.Created);
        var right = CodeOf(booking).Code!;
        var wrong = right == "000000" ? "111111" : "000000";

        Assert.That(await CodeAsync(await ConfirmWithAsync(booking, wrong), HttpStatusCode.BadRequest), Is.EqualTo("wrong_confirmation_code"));
        Assert.That(await CodeAsync(await ConfirmWithAsync(booking, ""), HttpStatusCode.BadRequest), Is.EqualTo("wrong_confirmation_code"));
        Assert.That((await ReadAsync(booking)).GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(await FreeAsync(SlotAt(1)), Is.EqualTo(5));

        for (var i = 0; i < 3; i++) await ConfirmWithAsync(booking, wrong);
        Assert.That(await CodeAsync(await ConfirmWithAsync(booking, right), HttpStatusCode.Conflict), Is.EqualTo("confirmation_expired"));
        Assert.That((await ReadAsync(booking)).GetProperty("state").GetString(), Is.EqualTo("expired"));
        Assert.That(await FreeAsync(SlotAt(1)), Is.EqualTo(5));
    }

    [Test]
    public async Task UnconfirmedBooking_ExpiresOnTheClock_FreesNothing_AndNeverEntersTheQueue()
    {
        await StartAsync();
        var booking = await JsonAsync(await PostAsync(Victim, SlotAt(1)), HttpStatusCode.Created);
        await JsonAsync(await PostAsync(Victim, SlotAt(2)), HttpStatusCode.Created);
        Assert.That(await CodeAsync(await PostAsync(Victim, SlotAt(3)), HttpStatusCode.TooManyRequests), Is.EqualTo("too_many_callbacks"));

        await Server.ResetClockAsync(Monday + Duration.FromMinutes(15) + Duration.FromSeconds(1));

        Assert.That(await CodeAsync(await ConfirmWithAsync(booking, CodeOf(booking).Code!), HttpStatusCode.Conflict), Is.EqualTo("confirmation_expired"));
        Assert.That((await ReadAsync(booking)).GetProperty("state").GetString(), Is.EqualTo("expired"));
        Assert.That(await FreeAsync(SlotAt(1)), Is.EqualTo(5));
        // Expired bookings are no longer open: the number may book again (within its bookings a day).
        await JsonAsync(await PostAsync(Victim, SlotAt(3)), HttpStatusCode.Created);

        await Server.ResetClockAsync(Monday + Duration.FromMinutes(31));
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That(await Server.Centre.Store.FindSessionByCallIdAsync("callback-" + booking.GetProperty("ticket").GetString()), Is.Null);
    }

    [Test]
    public async Task ConfirmedBooking_EntersTheQueueAtItsSlot()
    {
        await StartAsync();
        var booking = await JsonAsync(await PostAsync("+7 916 300-00-01", SlotAt(1)), HttpStatusCode.Created);
        await ConfirmCallbackAsync(booking);

        await Server.ResetClockAsync(Monday + Duration.FromMinutes(30));
        var ticket = booking.GetProperty("ticket").GetString();
        await GosChat.TestSupport.Eventually.AssertAsync(async () => await Server.Centre.Store.FindSessionByCallIdAsync("callback-" + ticket) is not null,
            "the confirmed callback in the queue at its slot");
    }
}
