using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Server.Tests.Ivr;

/// <summary>A queue whose phone and chat keep different hours (GosChat:Queues:{id}:Phone:Schedule), on Redis and embedded.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class ChannelHoursTests(bool useRedis) : IvrFixture(useRedis)
{
    /// <summary>Saturday 11:00 Moscow time of the test week.</summary>
    private static readonly Instant SaturdayEleven = GosChatServer.MondayMorning + Duration.FromDays(5) + Duration.FromHours(1);

    /// <summary>Queue 102: phone Mon–Fri 09–20 and Sat 10–18; the chat keeps the default (Mon–Fri 08–20, closed at weekends).</summary>
    private static Dictionary<string, string?> HotlineSettings()
    {
        var settings = Settings(("GosChat:Queues:102:Phone:Schedule:Saturday:0", "10:00-18:00"));
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
            settings[$"GosChat:Queues:102:Phone:Schedule:{day}:0"] = "09:00-20:00";
        return settings;
    }

    [Test]
    public async Task OnSaturdayAtEleven_ACallIsEnqueued_WhileAChatIsDeferred()
    {
        await StartAsync(HotlineSettings(), new FakeClock(SaturdayEleven));

        var call = await PostCallAsync("call-sat", "102");
        var citizen = Track(await Server.CitizenAsync());
        var chat = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Вопрос по справке", "ru", null, null, null, null, null));

        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(await CallStateAsync("call-sat"), Is.EqualTo("queued"));
        Assert.That(chat.State, Is.EqualTo("deferred"));
        Assert.That(chat.NextOpening, Is.EqualTo(GosChatServer.MondayMorning + Duration.FromDays(7) - Duration.FromHours(2)),
            "the chat opens on Monday at 08:00");

        // An operator of the queue gets the call now, and not the deferred chat.
        var op = await OperatorAsync("op102");
        var offer = await op.NextOfferAsync();
        Assert.That(offer.Channel, Is.EqualTo("call"));
        await Server.AdvanceSecondsAsync(1);
        Assert.That(op.Offers.Select(o => o.Channel), Has.No.Member("chat"));
    }

    [Test]
    public async Task OnSaturdayAfterTheLinesHours_TheCallIsClosed_WithMondaysOpening()
    {
        await StartAsync(HotlineSettings(), new FakeClock(SaturdayEleven + Duration.FromHours(7)));

        var call = await PostCallAsync("call-late", "102");

        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("closed"));
        var nextOpening = NodaTime.Text.InstantPattern.ExtendedIso.Parse(call.GetProperty("nextOpening").GetString()!).GetValueOrThrow();
        Assert.That(nextOpening, Is.EqualTo(GosChatServer.MondayMorning + Duration.FromDays(7) - Duration.FromHours(1)), "Monday 09:00");
    }

    [Test]
    public async Task Status_GivesTodaysWindowsPerChannel_BesideStateAndNextChange()
    {
        var settings = HotlineSettings();
        settings["GosChat:Queues:101:Schedule:Saturday:0"] = "09:00-13:00";
        settings["GosChat:Queues:101:Schedule:Saturday:1"] = "14:00-21:00";
        await StartAsync(settings, new FakeClock(SaturdayEleven));

        var status = await Server.Http.GetFromJsonAsync<JsonElement>("api/status");
        var queues = status.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);

        Assert.That(Windows(queues["102"], "chat"), Is.Empty);
        Assert.That(Windows(queues["102"], "phone"), Is.EqualTo(new[] { "10:00-18:00" }));
        Assert.That(queues["102"].GetProperty("state").GetString(), Is.EqualTo("unavailable"));
        Assert.That(queues["102"].GetProperty("nextChange").GetString(), Is.Not.Null);
        Assert.That(Windows(queues["101"], "chat"), Is.EqualTo(new[] { "09:00-13:00", "14:00-21:00" }));
        Assert.That(Windows(queues["101"], "phone"), Is.EqualTo(new[] { "09:00-13:00", "14:00-21:00" }), "no phone schedule: as the chat");
        Assert.That(queues["101"].GetProperty("open").GetBoolean(), Is.True);
        Assert.That(Windows(queues["103"], "chat"), Is.Empty, "the default is closed on Saturdays");

        // On Monday the default hours and the hotline's phone hours.
        await Server.ResetClockAsync(GosChatServer.MondayMorning + Duration.FromDays(7));
        status = await Server.Http.GetFromJsonAsync<JsonElement>("api/status");
        queues = status.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);
        Assert.That(Windows(queues["102"], "chat"), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(Windows(queues["102"], "phone"), Is.EqualTo(new[] { "09:00-20:00" }));
    }

    private static string[] Windows(JsonElement queue, string channel) =>
        queue.GetProperty("hours").GetProperty(channel).EnumerateArray().Select(w => w.GetString()!).ToArray();

    [Test]
    public async Task WithoutAPhoneSchedule_TheCallFollowsTheChatHours()
    {
        await StartAsync(clock: new FakeClock(SaturdayEleven));

        var call = await PostCallAsync("call-sat", "102");

        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("closed"));
    }
}
