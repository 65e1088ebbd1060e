using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Requests;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Stats;

/// <summary>GET /api/stats: a day's figures after real sessions, as JSON and as CSV with the same numbers; supervisors only.</summary>
[TestFixture]
public sealed class FiguresEndpointTests
{
    private GosChatServer _server = null!;
    private string _supervisor = null!;
    private HttpClient _http = null!; // no cookie jar: the sign-in cookies of LoginAsync (server.Http) do not ride along

    [SetUp]
    public async Task Start()
    {
        _server = await GosChatServer.StartAsync();
        _supervisor = await _server.LoginAsync("supervisor");
        _http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _server.BaseAddress };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }

    /// <summary>An answered chat (15 s wait, first reply at 75 s, closed 5 min after acceptance, rated 4) and an abandoned one (30 s).</summary>
    private async Task ScriptAsync()
    {
        await using var op = await _server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        await using var answered = await _server.CitizenAsync();
        var a = await answered.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        var offer = await offers.WaitAsync(o => o.SessionId == a.SessionId);
        _server.Clock.AdvanceSeconds(15);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        _server.Clock.AdvanceSeconds(60);
        await op.InvokeAsync<SendResult>("SendMessage", a.SessionId, "Здравствуйте!", "op-1");
        // A request from the chat, resolved at once: within its deadline.
        var request = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", a.SessionId, new OpenRequestDto("question", "standard", null));
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", request.Ticket, "inProgress");
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", request.Ticket, "resolved");

        await using var gaveUp = await _server.CitizenAsync();
        var b = await gaveUp.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        _server.Clock.AdvanceSeconds(30);
        await gaveUp.InvokeAsync("CloseSession");

        _server.Clock.AdvanceSeconds(240);
        await op.InvokeAsync("CloseSession", a.SessionId, "Готово");
        await answered.InvokeAsync("Rate", 4, (string?)null);
        await Eventually.AssertAsync(async () =>
        {
            var body = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("total").GetProperty("satisfaction").GetProperty("rated").GetInt32() == 1;
        }, "the rating in the figures");
    }

    [Test]
    public async Task AnOpenRequest_IsPendingUntilDue_ThenMissed()
    {
        await using var op = await _server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        await using var citizen = await _server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto("question", "security", null));

        async Task<(int Requests, int Pending, JsonValueKind Share)> RequestFiguresAsync()
        {
            var body = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();
            var q = body.GetProperty("queues").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "101");
            var share = q.GetProperty("sla").TryGetProperty("request", out var v) ? v.ValueKind : JsonValueKind.Null; // null may be left out
            return (q.GetProperty("requests").GetInt32(), q.GetProperty("requestsPending").GetInt32(), share);
        }

        Assert.That(await RequestFiguresAsync(), Is.EqualTo((0, 1, JsonValueKind.Null)), "open, not yet due: pending, no share");
        _server.Clock.AdvanceSeconds((long)(opened.DueAt - _server.Clock.GetCurrentInstant()).TotalSeconds + 60);
        _supervisor = await _server.LoginAsync("supervisor"); // the morning's access token has expired by now
        Assert.That(await RequestFiguresAsync(), Is.EqualTo((1, 0, JsonValueKind.Number)), "open past its due instant: missed");
        var body = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("total").GetProperty("sla").GetProperty("request").GetDouble(), Is.Zero);
    }

    [Test]
    public async Task Requests_AndRepeatContacts_InTheFigures()
    {
        await ScriptAsync();

        var body = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();

        var q101 = body.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("key").GetString() == "101");
        Assert.That(q101.GetProperty("requests").GetInt32(), Is.EqualTo(1));
        Assert.That(q101.GetProperty("sla").GetProperty("request").GetDouble(), Is.EqualTo(1));
        Assert.That(q101.GetProperty("offered").GetInt32(), Is.EqualTo(2), "a request is not a contact");
        Assert.That(q101.GetProperty("verified").GetInt32(), Is.Zero, "nobody vouched for these citizens");
        Assert.That(q101.TryGetProperty("repeatShare", out _), Is.False, "nothing to measure");
    }

    [Test]
    public async Task Figures_ForSupervisorsOnly_AndBadPeriodsAre400()
    {
        Assert.That((await GetAsync("api/stats", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await GetAsync("api/stats", await _server.LoginAsync("op101"))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        foreach (var (query, code) in new[] { ("from=23.11.2026", "bad_date"), ("from=2026-11-24&to=2026-11-23", "bad_period"),
                     ("from=2026-01-01&to=2026-12-31", "bad_period"), ("format=xml", "bad_request") })
        {
            var response = await GetAsync("api/stats?" + query, _supervisor);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), query);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo(code), query);
        }
    }

    [Test]
    public async Task Figures_OfTheDay_AfterRealSessions()
    {
        await ScriptAsync();

        var body = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();

        var today = GosChatServer.MondayMorning.InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Moscow"]).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.That((body.GetProperty("from").GetString(), body.GetProperty("to").GetString(), body.GetProperty("timeZone").GetString()),
            Is.EqualTo((today, today, "Europe/Moscow")));
        var q = body.GetProperty("queues").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "101");
        Assert.Multiple(() =>
        {
            Assert.That((q.GetProperty("offered").GetInt32(), q.GetProperty("answered").GetInt32(), q.GetProperty("abandoned").GetInt32()), Is.EqualTo((2, 1, 1)));
            Assert.That(q.GetProperty("abandonedAfterP50").GetDouble(), Is.EqualTo(30));
            Assert.That(q.GetProperty("abandonedAfterP90").GetDouble(), Is.EqualTo(30));
            Assert.That(q.GetProperty("abandonedAfterDistribution").EnumerateArray().Select(x => x.GetInt32()), Is.EqualTo(new[] { 0, 1, 0, 0, 0 }));
            Assert.That(q.GetProperty("waitP50").GetDouble(), Is.EqualTo(15));
            Assert.That(q.GetProperty("firstReplyP90").GetDouble(), Is.EqualTo(75));
            Assert.That(q.GetProperty("handleSecondsAverage").GetDouble(), Is.EqualTo(330), "60 + 30 + 240");
            Assert.That(q.GetProperty("sla").GetProperty("firstResponse").GetDouble(), Is.EqualTo(1.0));
            Assert.That(q.GetProperty("sla").TryGetProperty("answer", out var answer) ? answer.ValueKind : JsonValueKind.Null, Is.EqualTo(JsonValueKind.Null), "no calls");
            Assert.That(q.GetProperty("satisfaction").GetProperty("average").GetDouble(), Is.EqualTo(4));
            Assert.That(q.GetProperty("satisfaction").GetProperty("distribution").EnumerateArray().Select(x => x.GetInt32()), Is.EqualTo(new[] { 0, 0, 0, 1, 0 }));
            Assert.That(body.GetProperty("operators").EnumerateArray().Select(o => o.GetProperty("key").GetString()), Is.EqualTo(new[] { "op101" }));
        });
    }

    [TestCase("api/stats?format=csv", null)]
    [TestCase("api/stats", "text/csv")]
    public async Task Csv_HoldsTheSameNumbersAsJson(string path, string? accept)
    {
        await ScriptAsync();
        var json = await (await GetAsync("api/stats", _supervisor)).Content.ReadFromJsonAsync<JsonElement>();

        var response = await GetAsync(path, _supervisor, accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        var rows = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        var header = rows[0];
        var groups = new[] { ("queue", "queues"), ("channel", "channels"), ("operator", "operators") };
        var expected = groups.SelectMany(g => json.GetProperty(g.Item2).EnumerateArray().Select(r => (g.Item1, r)))
            .Append(("total", json.GetProperty("total"))).ToList();
        Assert.That(rows, Has.Count.EqualTo(expected.Count + 1));
        for (var i = 0; i < expected.Count; i++)
        {
            var (group, row) = expected[i];
            var cells = header.Zip(rows[i + 1]).ToDictionary(p => p.First, p => p.Second);
            Assert.That((cells["group"], cells["key"], cells["from"]), Is.EqualTo((group, row.GetProperty("key").GetString(), json.GetProperty("from").GetString())));
            foreach (var column in header.Skip(4))
            {
                // A figure with nothing to measure is absent (or null) in JSON and an empty cell in CSV.
                static JsonElement? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
                var value = column switch
                {
                    _ when column.StartsWith("sla.", StringComparison.Ordinal) => Get(row.GetProperty("sla"), column[4..]),
                    "rated" => Get(row.GetProperty("satisfaction"), "rated"),
                    "satisfactionAverage" => Get(row.GetProperty("satisfaction"), "average"),
                    _ when GosChat.Server.Stats.FiguresCsv.AbandonColumns.Contains(column) => row.GetProperty("abandonedAfterDistribution")[
                        GosChat.Server.Stats.FiguresCsv.AbandonColumns.ToList().IndexOf(column)],
                    _ when column.StartsWith("score", StringComparison.Ordinal) => row.GetProperty("satisfaction").GetProperty("distribution")[int.Parse(column[5..], CultureInfo.InvariantCulture) - 1],
                    _ => Get(row, column),
                };
                var expectedCell = value is { } v ? v.GetDouble().ToString("0.####", CultureInfo.InvariantCulture) : "";
                Assert.That(cells[column], Is.EqualTo(expectedCell), $"{group} {row.GetProperty("key")} {column}");
            }
        }
    }

    /// <summary>RFC 4180: comma-separated, CRLF rows, quoted cells with doubled quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add([.. row]); row.Clear(); i++; }
            else cell.Append(c);
        }
        Assert.That(cell.Length == 0 && row.Count == 0, "the last row ends with CRLF");
        return rows;
    }
}
