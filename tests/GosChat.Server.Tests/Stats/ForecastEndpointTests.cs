using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Server.Hubs;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Stats;

/// <summary>GET /api/stats/forecast: operators needed (Erlang C) from the last hour, beside those signed in; supervisors only.</summary>
[TestFixture]
public sealed class ForecastEndpointTests
{
    private static async Task<HttpResponseMessage> GetAsync(GosChatServer server, string path, string? login)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync(login));
        return await server.Http.SendAsync(request);
    }

    [Test]
    public async Task Forecast_ForSupervisorsOnly()
    {
        await using var server = await GosChatServer.StartAsync();
        Assert.That((await GetAsync(server, "api/stats/forecast", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await GetAsync(server, "api/stats/forecast", "op101")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync(server, "api/stats/forecast", "supervisor")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Forecast_FromTheLastHoursArrivalsAndHandleTimes_BesideTheOperatorsSignedIn()
    {
        await using var server = await GosChatServer.StartAsync();
        // Queue 101, live: op101 (3 chats at once) takes three chats and closes each after 4 minutes.
        await using var op = await server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        var citizens = new List<HubConnection>();
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var citizen = await server.CitizenAsync();
            citizens.Add(citizen);
            var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
            var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
            sessions.Add(started.SessionId);
        }
        server.Clock.AdvanceSeconds(240);
        foreach (var id in sessions) await op.InvokeAsync("CloseSession", id, "Готово");
        // 10:05 Moscow, a bucket boundary: the window is the whole buckets from one hour back, 09:05–10:05, exactly an hour.
        server.Clock.AdvanceSeconds(60);
        // Queue 102, from the statistics store: 360 arrivals of 180 s in the last hour = 18 erlangs, nobody signed in.
        var stats = server.Services.GetRequiredService<IStatisticsStore>();
        await stats.IncrementAsync("102", StatsBuckets.Of(server.Clock.GetCurrentInstant() - Duration.FromMinutes(30)), new Dictionary<string, long>
        {
            [StatsCounters.Queued] = 360, [StatsCounters.Handled] = 360, [StatsCounters.HandleSeconds] = 360 * 180,
        });
        // Older than the window: not counted.
        await stats.IncrementAsync("102", StatsBuckets.Of(server.Clock.GetCurrentInstant() - Duration.FromMinutes(70)), new Dictionary<string, long>
        {
            [StatsCounters.Queued] = 1000, [StatsCounters.Handled] = 1000, [StatsCounters.HandleSeconds] = 1000 * 900,
        });

        var response = await GetAsync(server, "api/stats/forecast", "supervisor");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var queues = body.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        Assert.That(queues.Keys, Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
        var q101 = queues["101"];
        Assert.Multiple(() =>
        {
            // 3 an hour × 240 s = 0.2 erlangs: one chat slot answers 86.6 % within 120 s, so one operator; op101 is signed in.
            Assert.That(q101.GetProperty("arrivalsPerHour").GetDouble(), Is.EqualTo(3));
            Assert.That(q101.GetProperty("handleSeconds").GetDouble(), Is.EqualTo(240));
            Assert.That(q101.GetProperty("operatorsNeeded").GetInt32(), Is.EqualTo(1));
            Assert.That(q101.GetProperty("operatorsPresent").GetInt32(), Is.EqualTo(1));
            Assert.That(q101.GetProperty("target").GetProperty("share").GetDouble(), Is.EqualTo(0.8));
            Assert.That(q101.GetProperty("target").GetProperty("withinSeconds").GetInt32(), Is.EqualTo(120));
            Assert.That(q101.GetProperty("serviceLevel").GetDouble(), Is.EqualTo(0.9997), "3 slots for 0.2 erlangs");
            // 18 erlangs need 20 slots for 80 % in 120 s; 3 chats each (the default with nobody signed in): 7 operators.
            var q102 = queues["102"];
            Assert.That(q102.GetProperty("arrivalsPerHour").GetDouble(), Is.EqualTo(360));
            Assert.That(q102.GetProperty("handleSeconds").GetDouble(), Is.EqualTo(180));
            Assert.That(q102.GetProperty("operatorsNeeded").GetInt32(), Is.EqualTo(7));
            Assert.That(q102.GetProperty("operatorsPresent").GetInt32(), Is.Zero);
            Assert.That(q102.GetProperty("serviceLevel").GetDouble(), Is.Zero);
            Assert.That(queues["103"].GetProperty("operatorsNeeded").GetInt32(), Is.Zero, "no arrivals");
        });
        foreach (var c in citizens) await c.DisposeAsync();
    }

    [Test]
    public async Task Forecast_ForTheRemainingHoursOfToday_FromTheContactRecordsOfTheRecentDays()
    {
        await using var server = await GosChatServer.StartAsync();
        var zone = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
        var now = server.Clock.GetCurrentInstant().InZone(zone);
        var thisHour = now.Date.At(new LocalTime(now.Hour, 0)).InZoneStrictly(zone).ToInstant();
        // Yesterday, in the same hour: 30 chats of 300 s and 12 calls of 180 s in queue 101.
        var records = server.Services.GetRequiredService<IContactRecordStore>();
        var yesterday = thisHour - Duration.FromDays(1);
        for (var i = 0; i < 42; i++)
        {
            var at = yesterday + Duration.FromMinutes(i);
            var isCall = i >= 30;
            await records.PutAsync(at.InZone(zone).Date, new ContactRecord
            {
                Key = ContactRecord.KeyOf("h" + i), Queue = "101", Channel = isCall ? "call" : "chat", CreatedAt = at, QueuedAt = at,
                AssignedAt = at, OperatorId = "op101", ClosedAt = at + Duration.FromSeconds(isCall ? 180 : 300),
            });
        }

        var body = await (await GetAsync(server, "api/stats/forecast", "supervisor")).Content.ReadFromJsonAsync<JsonElement>();

        var q101 = body.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "101");
        var hours = q101.GetProperty("hours").EnumerateArray().ToList();
        var first = $"{now.Hour:00}:00";
        var chat = hours.Single(h => h.GetProperty("hour").GetString() == first && h.GetProperty("channel").GetString() == "chat");
        var call = hours.Single(h => h.GetProperty("hour").GetString() == first && h.GetProperty("channel").GetString() == "call");
        Assert.Multiple(() =>
        {
            // 30 × 300 s = 2.5 erlangs: 4 slots for 80 % in 120 s; no operator signed in, 3 chats each: 2 operators.
            Assert.That(chat.GetProperty("arrivalsPerHour").GetDouble(), Is.EqualTo(30));
            Assert.That(chat.GetProperty("handleSeconds").GetDouble(), Is.EqualTo(300));
            Assert.That(chat.GetProperty("operatorsNeeded").GetInt32(), Is.EqualTo(2));
            Assert.That(chat.GetProperty("basis").GetString(), Is.EqualTo("history"));
            Assert.That(chat.GetProperty("start").GetString(), Is.EqualTo(thisHour.ToString()));
            // 12 × 180 s = 0.6 erlangs of calls: 2 operators for 80 % within the 5-minute answer deadline.
            Assert.That(call.GetProperty("arrivalsPerHour").GetDouble(), Is.EqualTo(12));
            Assert.That(call.GetProperty("operatorsNeeded").GetInt32(), Is.EqualTo(2));
            Assert.That(call.GetProperty("concurrency").GetDouble(), Is.EqualTo(1));
            Assert.That(call.GetProperty("target").GetProperty("withinSeconds").GetInt32(), Is.EqualTo(300));
            Assert.That(hours.Select(h => h.GetProperty("hour").GetString()), Is.Ordered, "hour by hour to the end of the open hours");
        });
    }
}
