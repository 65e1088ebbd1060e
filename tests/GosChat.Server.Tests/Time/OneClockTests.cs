using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Time;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Time;

/// <summary>
/// The server has one clock: sign-in tokens, cookies, rate-limit windows and the health of the holiday
/// calendar all follow the application's IClock (a fake one here, years away from the real date).
/// </summary>
public sealed class OneClockTests
{
    private static readonly Instant FarAhead = GosChatServer.MorningOf("2031-11-24");

    [Test]
    public async Task TheFrameworksTimeProvider_ReadsTheApplicationClock()
    {
        await using var server = await GosChatServer.StartAsync(clock: new FakeClock(FarAhead));

        var time = server.Services.GetRequiredService<TimeProvider>();
        Assert.That(time, Is.InstanceOf<ClockTimeProvider>());
        Assert.That(time.GetUtcNow(), Is.EqualTo(FarAhead.ToDateTimeOffset()));
        server.Clock.AdvanceSeconds(90);
        Assert.That(time.GetUtcNow(), Is.EqualTo((FarAhead + Duration.FromSeconds(90)).ToDateTimeOffset()));
    }

    [Test]
    public async Task BearerTokenAndCookie_WorkUntilTheirLifetimeOnTheApplicationClock_ThenAreRefused()
    {
        await using var server = await GosChatServer.StartAsync(clock: new FakeClock(FarAhead),
            settings: new Dictionary<string, string?> { ["GosChat:SignInLifetime"] = "01:00:00", ["GosChat:AccessTokenLifetime"] = "01:00:00" });
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.BaseAddress };
        var login = await browser.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("accessToken").GetString()!;
        Assert.That(body.GetProperty("expiresAt").GetString(), Is.EqualTo("2031-11-24T08:00:00Z"));

        Assert.That(await MeWithToken(server, token), Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await browser.GetAsync("api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie signs in");
        var hub = await GosChatServer.ConnectAsync(server.Url("hubs/operator"), token);
        await hub.DisposeAsync();

        server.Clock.Advance(Duration.FromMinutes(59));
        Assert.That(await MeWithToken(server, token), Is.EqualTo(HttpStatusCode.OK), "still inside its lifetime");

        server.Clock.Advance(Duration.FromMinutes(2));
        Assert.That(await MeWithToken(server, token), Is.EqualTo(HttpStatusCode.Unauthorized), "expired on the application clock");
        Assert.That((await browser.GetAsync("api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the cookie expired too");
        var refused = Assert.CatchAsync(() => GosChatServer.ConnectAsync(server.Url("hubs/operator"), token));
        Assert.That(refused!.Message, Does.Contain("401"));
    }

    [Test]
    public async Task LoginRateLimitWindow_OpensAgainWhenTheApplicationClockMovesOn()
    {
        await using var server = await GosChatServer.StartAsync(clock: new FakeClock(FarAhead),
            settings: new Dictionary<string, string?> { ["GosChat:LoginAttemptsPerMinute"] = "3" });

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            codes.Add((await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "wrong" })).StatusCode);
        Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));

        server.Clock.Advance(Duration.FromMinutes(1));
        var again = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a new window on the application clock");
    }

    [Test]
    public async Task Health_IsDegradedWithTheReason_WhenTheHolidayCalendarDoesNotCoverTheNext90Days()
    {
        await using var server = await GosChatServer.StartAsync(clock: new FakeClock(FarAhead));

        var response = await server.Http.GetAsync("healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "degraded still serves");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        var calendar = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "calendar");
        Assert.That(calendar.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        Assert.That(calendar.GetProperty("description").GetString(), Does.Contain("2031").And.Contain("GosChat:Calendar"));
    }

    [Test]
    public async Task Health_IsHealthy_WhenConfigurationAddsTheMissingYears()
    {
        await using var server = await GosChatServer.StartAsync(clock: new FakeClock(FarAhead), settings: new Dictionary<string, string?>
        {
            ["GosChat:Calendar:Holidays:0"] = "2031-12-31",
            ["GosChat:Calendar:Holidays:1"] = "2032-01-01",
        });

        var body = await server.Http.GetFromJsonAsync<JsonElement>("healthz");
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    private static async Task<HttpStatusCode> MeWithToken(GosChatServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await server.Http.SendAsync(request)).StatusCode;
    }
}
