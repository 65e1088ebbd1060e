using System.Net;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Metrics;

/// <summary>/metrics: Prometheus text, goschat_* counters that follow a session's life, and only for allowed scrapers.</summary>
public sealed class MetricsEndpointTests
{
    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(GosChatServer server)
    {
        var response = await server.Http.GetAsync("metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes until <paramref name="holds"/> (the exporter caches a scrape for a moment).</summary>
    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(GosChatServer server, Func<IReadOnlyList<PrometheusSample>, bool> holds, string what)
    {
        IReadOnlyList<PrometheusSample> last = [];
        await Eventually.AssertAsync(async () => holds(last = await ScrapeAsync(server)), what);
        return last;
    }

    [Test]
    public async Task Metrics_ParseAsPrometheusText_AndCountersMove_AsASessionFlows()
    {
        await using var server = await GosChatServer.StartAsync();
        var before = await ScrapeAsync(server);
        Assert.That(before.Sum("goschat_offers_total"), Is.Zero);
        Assert.That(before.Any(s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal)), Is.True, "runtime instrumentation");

        await using var op = await server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        await using var citizen = await server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Не могу войти", null, null, null, null, null, null));
        var waiting = await ScrapeUntilAsync(server, s => s.Sum("goschat_connections", ("hub", "chat")) == 1
            && s.Sum("goschat_connections", ("hub", "operator")) == 1
            && s.Sum("goschat_sessions_waiting", ("queue", "101"), ("state", "offered")) == 1, "the offered session and both connections");
        Assert.That(waiting.Sum("goschat_offers_total", ("queue", "101"), ("channel", "chat")), Is.EqualTo(1));

        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте!", "op-1");
        await citizen.InvokeAsync<SendResult>("SendMessage", "Спасибо", "c-1");
        await ScrapeUntilAsync(server, s => s.Sum("goschat_sessions_active", ("channel", "chat")) == 1, "one active chat");
        await op.InvokeAsync("CloseSession", started.SessionId, "Готово");

        var after = await ScrapeUntilAsync(server, s => s.Sum("goschat_sessions_active", ("channel", "chat")) == 0
            && s.Sum("goschat_messages_total", ("from", "citizen")) == 1, "the closed session and the citizen's message");
        Assert.That(after.Sum("goschat_offer_accepts_total", ("queue", "101"), ("channel", "chat")), Is.EqualTo(1));
        Assert.That(after.Sum("goschat_messages_total", ("from", "operator")), Is.EqualTo(1));
        Assert.That(after.Sum("goschat_sessions_waiting", ("queue", "101")), Is.Zero);
        Assert.That(after.Sum("goschat_offer_expiries_total"), Is.Zero);
        Assert.That(after.Any(s => s.Name.StartsWith("http_server_request_duration", StringComparison.Ordinal)), Is.True, "ASP.NET Core instrumentation");
        var labels = after.Where(s => s.Name.StartsWith("goschat_", StringComparison.Ordinal)).SelectMany(s => s.Labels.Values).ToList();
        Assert.That(labels, Has.None.Contains(started.Ticket).And.None.Contains("op101").And.None.Contains("Анна"), "no person in a label");
    }

    [Test]
    public async Task AnOfferNotAnswered_CountsAsExpired()
    {
        await using var server = await GosChatServer.StartAsync();
        await using var op = await server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        await using var citizen = await server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        await offers.WaitAsync();

        server.Clock.AdvanceSeconds(21);

        await ScrapeUntilAsync(server, s => s.Sum("goschat_offer_expiries_total", ("queue", "101"), ("channel", "chat")) == 1, "one expiry");
    }

    [Test]
    public async Task FromAnAddressNotAllowed_MetricsAre403_AndFromAConfiguredScraper_200()
    {
        // Behind a trusted proxy (loopback here), X-Forwarded-For names the client, as it would in production.
        await using var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GosChat:Proxy:KnownProxies:0"] = "127.0.0.1",
            ["GosChat:Metrics:AllowedScrapers:0"] = "10.20.0.0/16",
            ["GosChat:Metrics:AllowedScrapers:1"] = "192.0.2.7",
        });

        async Task<HttpResponseMessage> FromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            request.Headers.Add("X-Forwarded-For", client);
            return await server.Http.SendAsync(request);
        }

        var stranger = await FromAsync("203.0.113.9");
        Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(stranger.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await stranger.Content.ReadAsStringAsync(), Does.Not.Contain("goschat_"));
        Assert.That((await FromAsync("192.0.2.8")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await FromAsync("10.20.3.4")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await FromAsync("192.0.2.7")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await server.Http.GetAsync("metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "loopback itself");
    }

    [Test]
    public void ABadScraperAddress_StopsStartUp()
    {
        var error = Assert.CatchAsync(() => GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GosChat:Metrics:AllowedScrapers:0"] = "scraper.local",
        }));
        Assert.That(error!.Message, Does.Contain("GosChat:Metrics:AllowedScrapers:0"));
    }

    [TestCase("a")]
    [TestCase("a{b=\"c\"} 1 2")]
    [TestCase("# TYPE a counter\na{b=c} 1")]
    [TestCase("# TYPE a nonsense\na 1")]
    public void TheParser_IsStrict(string text)
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
    }
}
