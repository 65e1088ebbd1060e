using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// Operators' access tokens are short (15 min on the server's clock) and renewed with single-use refresh tokens tied
/// to the stored sign-in: refused once expired, after logout or account removal, and when a used one comes back.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RefreshTokenTests(string storage) : ServerFixtureBase(storage)
{
    private sealed record Tokens(string Access, string Refresh, long ExpiresIn);

    private static async Task<Tokens> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var body = JsonDocument.Parse(text).RootElement;
        return new Tokens(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!,
            body.GetProperty("expiresInSeconds").GetInt64());
    }

    private async Task<Tokens> LoginAsync(string login = "op101") =>
        await ReadAsync(await Server.Http.PostAsJsonAsync("api/auth/login", new { login, password = "demo" }));

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Server.Http.PostAsJsonAsync("api/auth/refresh", new { refreshToken });

    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await Server.Http.SendAsync(request)).StatusCode;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), text);
        Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("code").GetString(), Is.EqualTo("refresh_refused"));
    }

    [Test]
    public async Task AnExpiredAccessToken_IsRefused_AndARefreshGivesANewOne()
    {
        var first = await LoginAsync();
        Assert.That(first.ExpiresIn, Is.EqualTo(15 * 60));
        Assert.That(await MeAsync(first.Access), Is.EqualTo(HttpStatusCode.OK));

        Server.Clock.AdvanceSeconds(15 * 60 + 1);

        Assert.That(await MeAsync(first.Access), Is.EqualTo(HttpStatusCode.Unauthorized), "expired on the server's clock");
        var hub = new HubConnectionBuilder()
            .WithUrl(Server.Url("hubs/operator"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(first.Access))
            .Build();
        var refused = Assert.CatchAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the hub refuses it too");
        await hub.DisposeAsync();

        var second = await ReadAsync(await RefreshAsync(first.Refresh));
        Assert.That(second.Refresh, Is.Not.EqualTo(first.Refresh), "rotated");
        Assert.That(await MeAsync(second.Access), Is.EqualTo(HttpStatusCode.OK));
        await using var connection = await GosChatServer.ConnectAsync(Server.Url("hubs/operator"), second.Access);
        Assert.That(connection.State, Is.EqualTo(HubConnectionState.Connected));
    }

    [Test]
    public async Task AReusedRefreshToken_IsRefused_AndEndsTheSignIn()
    {
        var first = await LoginAsync();
        var second = await ReadAsync(await RefreshAsync(first.Refresh));

        await AssertRefusedAsync(await RefreshAsync(first.Refresh));

        // Whoever held the rotated-away token, the sign-in is over for both: the newer tokens are dead as well.
        Assert.That(await MeAsync(second.Access), Is.EqualTo(HttpStatusCode.Unauthorized));
        await AssertRefusedAsync(await RefreshAsync(second.Refresh));
    }

    [Test]
    public async Task RefreshAfterLogout_IsRefused()
    {
        var tokens = await LoginAsync();
        using var logout = new HttpRequestMessage(HttpMethod.Post, "api/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Access);
        Assert.That((await Server.Http.SendAsync(logout)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertRefusedAsync(await RefreshAsync(tokens.Refresh));
    }

    [Test]
    public async Task RefreshAfterTheSignInEnds_IsRefused()
    {
        var tokens = await LoginAsync();
        Server.Clock.AdvanceSeconds(12 * 3600 + 1);

        await AssertRefusedAsync(await RefreshAsync(tokens.Refresh));
    }

    [Test]
    public async Task RefreshForAnAccountRemovedFromConfiguration_IsRefused()
    {
        if (RedisConnection is null) Assert.Pass("needs two nodes on one shared store");
        var account = new Dictionary<string, string?>
        {
            ["Operators:0:Login"] = "temp", ["Operators:0:Name"] = "Temp", ["Operators:0:PasswordHash"] = GosChat.Server.Auth.OperatorDirectory.HashPassword("pw-123456"),
            ["Operators:0:Queues:0"] = "101",
        };
        await using var before = await GosChatServer.StartAsync(RedisConnection, account, Server.Clock);
        var tokens = await ReadAsync(await before.Http.PostAsJsonAsync("api/auth/login", new { login = "temp", password = "pw-123456" }));

        // Server (the fixture's node) runs without that account.
        await AssertRefusedAsync(await RefreshAsync(tokens.Refresh));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("abc.def")]
    public async Task AMalformedOrUnknownRefreshToken_IsRefused(string token)
    {
        await LoginAsync();
        await AssertRefusedAsync(await RefreshAsync(token));
    }

    [Test]
    public async Task ParallelRefreshes_WithOneToken_GiveOneNewToken()
    {
        var tokens = await LoginAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RefreshAsync(tokens.Refresh)));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.LessThanOrEqualTo(1));
    }
}
