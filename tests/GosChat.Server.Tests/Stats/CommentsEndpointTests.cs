using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Stats;

/// <summary>GET /api/stats/comments: the latest rating comments per queue, supervisors only, gone once the citizen's data is erased.</summary>
[TestFixture]
public sealed class CommentsEndpointTests
{
    private static async Task<HttpResponseMessage> SendAsync(GosChatServer server, HttpMethod method, string path, string? login)
    {
        using var request = new HttpRequestMessage(method, path);
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.LoginAsync(login));
        return await server.Http.SendAsync(request);
    }

    [Test]
    public async Task Comments_ForSupervisorsOnly_NewestFirst_AndErasedWithTheCitizensData()
    {
        await using var server = await GosChatServer.StartAsync();
        Assert.That((await SendAsync(server, HttpMethod.Get, "api/stats/comments", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await SendAsync(server, HttpMethod.Get, "api/stats/comments", "op101")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await SendAsync(server, HttpMethod.Get, "api/stats/comments?limit=0", "supervisor")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await using var op = await server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        var tickets = new List<string>();
        foreach (var (score, comment) in new[] { (5, "Спасибо, быстро"), (2, (string?)null), (3, "Ответили не на всё") })
        {
            await using var citizen = await server.CitizenAsync();
            var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
            var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
            server.Clock.AdvanceSeconds(60);
            await op.InvokeAsync("CloseSession", started.SessionId, "Готово");
            await citizen.InvokeAsync("Rate", score, comment);
            tickets.Add(started.Ticket);
        }

        async Task<List<string>> CommentsAsync()
        {
            var body = await (await SendAsync(server, HttpMethod.Get, "api/stats/comments", "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
            var q101 = body.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "101");
            return q101.GetProperty("comments").EnumerateArray()
                .Select(c => $"{c.GetProperty("rating").GetInt32()} {c.GetProperty("comment").GetString()}").ToList();
        }

        await Eventually.AssertAsync(async () => (await CommentsAsync()).Count == 2, "both comments listed");
        Assert.That(await CommentsAsync(), Is.EqualTo(new[] { "3 Ответили не на всё", "5 Спасибо, быстро" }));

        // The period of local (Moscow) days: the server's day has them, with that day; a day before has none; a reversed period is refused.
        var today = server.Clock.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Moscow"]).Date;
        var iso = NodaTime.Text.LocalDatePattern.Iso;
        async Task<JsonElement> Q101Async(string query) =>
            (await (await SendAsync(server, HttpMethod.Get, "api/stats/comments" + query, "supervisor")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "101").GetProperty("comments");
        var ofToday = await Q101Async($"?from={iso.Format(today)}&to={iso.Format(today)}");
        Assert.That(ofToday.GetArrayLength(), Is.EqualTo(2));
        Assert.That(ofToday[0].GetProperty("day").GetString(), Is.EqualTo(iso.Format(today)));
        Assert.That((await Q101Async($"?to={iso.Format(today.PlusDays(-1))}")).GetArrayLength(), Is.Zero);
        var reversed = await SendAsync(server, HttpMethod.Get, $"api/stats/comments?from={iso.Format(today)}&to={iso.Format(today.PlusDays(-1))}", "supervisor");
        Assert.That(reversed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var before = await CommentsAsync();
        Assert.That(before, Has.Count.EqualTo(2));

        var erased = await SendAsync(server, HttpMethod.Delete, $"api/supervisor/personal-data?ticket={tickets[2]}", "supervisor");
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await CommentsAsync(), Is.EqualTo(new[] { "5 Спасибо, быстро" }));
    }
}
