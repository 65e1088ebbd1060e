using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GosChat.Server.Auth;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// Sign-ins live in the store: a token only names one. Logout and a removed account end it at once (requests and
/// open hub connections, on every node); a token minted with the key ring alone signs no one in; wrong passwords
/// lock the account with back-off.
/// </summary>
public sealed class SignInTests
{
    private static readonly Dictionary<string, string?> FastChecks = new() { ["GosChat:Auth:SignInCheckInterval"] = "00:00:00.100" };

    [Test]
    public async Task Logout_EndsTheTokenAndTheCookie_AtOnce()
    {
        await using var server = await GosChatServer.StartAsync();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.BaseAddress };
        var token = await LoginAsync(browser, "op101");
        Assert.That(await MeAsync(server, token), Is.EqualTo(HttpStatusCode.OK));

        using var logout = new HttpRequestMessage(HttpMethod.Post, "api/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.That((await server.Http.SendAsync(logout)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That(await MeAsync(server, token), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await browser.GetAsync("api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old cookie is dead too");
    }

    [Test]
    public async Task Logout_ClosesTheOperatorsOpenHubConnections()
    {
        await using var server = await GosChatServer.StartAsync(settings: FastChecks);
        var token = await server.LoginAsync("op101");
        await using var hub = await GosChatServer.ConnectAsync(server.Url("hubs/operator"), token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await LogoutAsync(server, token);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(hub.State, Is.EqualTo(HubConnectionState.Disconnected));
    }

    [Test]
    public async Task LogoutOnOneNode_ClosesTheConnectionOnAnother()
    {
        using var redis = RedisServer.Start();
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var a = await GosChatServer.StartAsync(redis.ConnectionString, FastChecks, clock);
        await using var b = await GosChatServer.StartAsync(redis.ConnectionString, FastChecks, clock);
        var token = await a.LoginAsync("op101");
        await using var onB = await GosChatServer.ConnectAsync(b.Url("hubs/operator"), token);
        var closed = new TaskCompletionSource();
        onB.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await LogoutAsync(a, token);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(await MeAsync(b, token), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ATokenMintedWithTheKeyRing_ForAnUnknownSignIn_SignsNoOneIn()
    {
        await using var server = await GosChatServer.StartAsync();
        var forged = Mint(server, "ghost-supervisor", "no-such-sign-in", "supervisor");

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/supervisor/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        Assert.That((await server.Http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task RolesComeFromTheAccount_NotFromTheToken()
    {
        await using var server = await GosChatServer.StartAsync();
        var real = await server.LoginAsync("op101");
        var signInId = Unprotect(server, real).Principal.FindFirstValue(SignInService.ClaimType)!;
        var promoted = Mint(server, "op101", signInId, "supervisor");

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/supervisor/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", promoted);
        Assert.That((await server.Http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task AnAccountRemovedFromConfiguration_IsSignedOutOnNodesThatNoLongerHaveIt()
    {
        using var redis = RedisServer.Start();
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var account = new Dictionary<string, string?>
        {
            ["Operators:0:Login"] = "temp", ["Operators:0:Name"] = "Temp", ["Operators:0:PasswordHash"] = OperatorDirectory.HashPassword("pw-123456"),
            ["Operators:0:Queues:0"] = "101",
        };
        await using var before = await GosChatServer.StartAsync(redis.ConnectionString, account, clock, environment: "Production");
        var token = await before.LoginAsync("temp", "pw-123456");
        Assert.That(await MeAsync(before, token), Is.EqualTo(HttpStatusCode.OK));

        await using var after = await GosChatServer.StartAsync(redis.ConnectionString, clock: clock, environment: "Production");
        Assert.That(await MeAsync(after, token), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task WrongPasswords_LockTheAccount_WithBackOff_AndOnlyThatAccount()
    {
        await using var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?> { ["GosChat:LoginAttemptsPerMinute"] = "1000" });
        for (var i = 0; i < 5; i++)
            Assert.That((await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "guess" + i })).StatusCode,
                Is.EqualTo(HttpStatusCode.Unauthorized));

        var locked = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" });
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "locked even with the right password");
        Assert.That((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("account_locked"));
        Assert.That((await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op102", password = "demo" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK), "another account is not affected");

        server.Clock.Advance(Duration.FromMinutes(15));
        Assert.That((await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK), "the quarter hour is over");
    }

    private static async Task<string> LoginAsync(HttpClient client, string login)
    {
        var response = await client.PostAsJsonAsync("api/auth/login", new { login, password = "demo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task LogoutAsync(GosChatServer server, string token)
    {
        using var logout = new HttpRequestMessage(HttpMethod.Post, "api/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.That((await server.Http.SendAsync(logout)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    private static async Task<HttpStatusCode> MeAsync(GosChatServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await server.Http.SendAsync(request)).StatusCode;
    }

    private static BearerTokenOptions Bearer(GosChatServer server) =>
        server.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(BearerTokenDefaults.AuthenticationScheme);

    private static AuthenticationTicket Unprotect(GosChatServer server, string token) => Bearer(server).BearerTokenProtector.Unprotect(token)!;

    /// <summary>What an attacker holding the Data Protection key ring could make: a well-formed token with any claims.</summary>
    private static string Mint(GosChatServer server, string operatorId, string signInId, string role)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, operatorId), new Claim(ClaimTypes.Name, operatorId),
            new Claim(SignInService.ClaimType, signInId), new Claim(ClaimTypes.Role, role),
        ], BearerTokenDefaults.AuthenticationScheme));
        var now = server.Clock.GetCurrentInstant();
        var properties = new AuthenticationProperties { IssuedUtc = now.ToDateTimeOffset(), ExpiresUtc = (now + Duration.FromHours(1)).ToDateTimeOffset() };
        return Bearer(server).BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, BearerTokenDefaults.AuthenticationScheme));
    }
}
