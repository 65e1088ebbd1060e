using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Jobs;

/// <summary>Hangfire's dashboard at /hangfire: supervisors only, by bearer token or by the staff cookie.</summary>
public sealed class DashboardTests
{
    private GosChatServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await GosChatServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("op101", HttpStatusCode.Forbidden)]
    [TestCase("supervisor", HttpStatusCode.OK)]
    public async Task Dashboard_WithABearerToken_IsForSupervisorsOnly(string? login, HttpStatusCode expected)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "hangfire");
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync(login));

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected != HttpStatusCode.OK) return;
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("GosChat — jobs"));
        Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }), "never framed");
    }

    [TestCase("op101", HttpStatusCode.Forbidden)]
    [TestCase("supervisor", HttpStatusCode.OK)]
    public async Task Dashboard_WithTheStaffCookie_IsForSupervisorsOnly(string login, HttpStatusCode expected)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _server.BaseAddress };
        (await http.PostAsJsonAsync("api/auth/login", new { login, password = "demo" })).EnsureSuccessStatusCode();
        Assert.That(cookies.GetCookies(_server.BaseAddress)["goschat.auth"], Is.Not.Null, "signed in by cookie");

        using var response = await http.GetAsync("hangfire/jobs/scheduled");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }
}
