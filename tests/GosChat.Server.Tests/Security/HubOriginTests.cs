using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// The WebSocket handshake is not guarded by CORS, so the hubs check Origin themselves, and the operator hub
/// takes the bearer token only, never the cookie (a foreign page could ride on it).
/// </summary>
public sealed class HubOriginTests
{
    private const string Good = "https://good.example";
    private GosChatServer _server = null!;

    [SetUp]
    public async Task Start() =>
        _server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?> { ["GosChat:AllowedOrigins:0"] = Good });

    [TearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [TestCase("https://evil.example", false)]
    [TestCase("null", false)]
    [TestCase("https://good.example.evil.example", false)]
    [TestCase(Good, true)]
    [TestCase(null, true)] // not a browser page: telephony, tools
    public async Task CitizenHub_WebSocketHandshake_ChecksTheOrigin(string? origin, bool accepted)
    {
        var status = await HandshakeAsync("hubs/chat", origin);
        Assert.That(status, Is.EqualTo(accepted ? HttpStatusCode.SwitchingProtocols : HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task CitizenHub_Negotiate_FromAForeignOrigin_Is403ProblemDetails()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");
        var response = await _server.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("origin_not_allowed"));
    }

    [Test]
    public async Task CitizenHub_FromTheServersOwnPages_IsAccepted()
    {
        var own = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.That(await HandshakeAsync("hubs/chat", own), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [TestCase(Good)] // a widget site is not a staff page
    [TestCase("https://evil.example")]
    public async Task OperatorHub_FromAnyOriginButTheServersOwn_Is403(string origin)
    {
        var token = await _server.LoginAsync("op101");
        Assert.That(await HandshakeAsync("hubs/operator", origin, token), Is.EqualTo(HttpStatusCode.Forbidden));
        var own = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.That(await HandshakeAsync("hubs/operator", own, token), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    [Test]
    public async Task OperatorHub_RefusesTheCookie_AndTakesTheToken()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _server.BaseAddress };
        var login = await browser.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var cookie = cookies.GetCookieHeader(_server.BaseAddress);
        Assert.That(cookie, Does.Contain("goschat.auth"));
        Assert.That((await browser.GetAsync("api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie still signs in to the pages' API");

        Assert.That(await HandshakeAsync("hubs/operator", null, cookie: cookie), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await HandshakeAsync("hubs/operator", null, token), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
    }

    /// <summary>A raw WebSocket handshake (SignalR skips negotiation over WebSockets); the status the server answered.</summary>
    private async Task<HttpStatusCode> HandshakeAsync(string hub, string? origin, string? token = null, string? cookie = null)
    {
        var uri = new UriBuilder(_server.Url(hub)) { Scheme = "ws" };
        if (token is not null) uri.Query = "access_token=" + Uri.EscapeDataString(token);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (cookie is not null) socket.Options.SetRequestHeader("Cookie", cookie);
        try
        {
            await socket.ConnectAsync(uri.Uri, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status is in HttpStatusCode.
        }
        return socket.HttpStatusCode;
    }
}
