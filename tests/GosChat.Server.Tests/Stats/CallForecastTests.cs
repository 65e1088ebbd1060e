using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Ivr;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Stats;

/// <summary>
/// The "now" forecast tells chats from calls: real calls through the telephony API and a real chat in queue 102, on
/// real Redis; the forecast has a chat row and a call row for 102, each with its own arrivals, handle time, target and
/// concurrency.
/// </summary>
public sealed class CallForecastTests : IvrFixture
{
    [Test]
    public async Task Forecast_GivesCallsTheirOwnRow_OneOperatorEach_WithinTheAnswerDeadline()
    {
        await StartAsync();
        var op = await OperatorAsync("op102");
        // Two calls, each answered at once and held 5 minutes.
        foreach (var callId in new[] { "call-1", "call-2" })
        {
            await PostCallAsync(callId, "102");
            var offer = await op.NextOfferAsync(o => o.Channel == "call");
            await op.AcceptAsync(offer);
            await CallEventAsync(callId, "answered");
            Server.Clock.AdvanceSeconds(300);
            await CallEventAsync(callId, "hangup");
            while (op.Offers.TryDequeue(out _)) { }
        }
        // One chat held 4 minutes.
        await using var citizen = await Server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("102", "Справка", null, null, null, null, null, null));
        var chat = await op.NextOfferAsync(o => o.SessionId == started.SessionId);
        await op.AcceptAsync(chat);
        Server.Clock.AdvanceSeconds(240);
        await op.Connection.InvokeAsync("CloseSession", started.SessionId, "Готово");
        Server.Clock.AdvanceSeconds(60);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/stats/forecast");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync("supervisor"));
        var body = await (await Server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var rows = body.GetProperty("queues").EnumerateArray().Where(q => q.GetProperty("queue").GetString() == "102").ToList();

        Assert.That(rows.Select(r => r.GetProperty("channel").GetString()), Is.EqualTo(new[] { "chat", "call" }));
        var (chatRow, callRow) = (rows[0], rows[1]);
        Assert.Multiple(() =>
        {
            // The window (whole 5-minute buckets from an hour back) lasts 60–65 minutes: compare the counts, not the rate.
            var hours = 1 / chatRow.GetProperty("arrivalsPerHour").GetDouble();
            Assert.That(callRow.GetProperty("arrivalsPerHour").GetDouble() * hours, Is.EqualTo(2).Within(1e-6), "two calls to one chat");
            Assert.That(chatRow.GetProperty("handleSeconds").GetDouble(), Is.EqualTo(240));
            Assert.That(chatRow.GetProperty("target").GetProperty("withinSeconds").GetInt32(), Is.EqualTo(120));
            Assert.That(chatRow.GetProperty("concurrency").GetDouble(), Is.EqualTo(3));
            Assert.That(callRow.GetProperty("handleSeconds").GetDouble(), Is.EqualTo(300));
            Assert.That(callRow.GetProperty("target").GetProperty("share").GetDouble(), Is.EqualTo(0.8));
            Assert.That(callRow.GetProperty("target").GetProperty("withinSeconds").GetInt32(), Is.EqualTo(300));
            Assert.That(callRow.GetProperty("concurrency").GetDouble(), Is.EqualTo(1));
            // About 2 calls × 300 s an hour = 0.17 erlangs: one operator answers 93 % within 5 minutes.
            Assert.That(callRow.GetProperty("operatorsNeeded").GetInt32(), Is.EqualTo(1));
            Assert.That(callRow.GetProperty("operatorsPresent").GetInt32(), Is.EqualTo(1));
            // The queue's hours (every channel) stay on its chat row, as before; the call row has none.
            Assert.That(chatRow.GetProperty("hours").EnumerateArray().Select(h => h.GetProperty("channel").GetString()).Distinct(),
                Is.EquivalentTo(new[] { "chat", "call" }));
            Assert.That(callRow.GetProperty("hours").GetArrayLength(), Is.Zero);
        });
        // Queues without calls keep a single (chat) row.
        Assert.That(body.GetProperty("queues").EnumerateArray().Count(q => q.GetProperty("queue").GetString() == "101"), Is.EqualTo(1));
    }
}
