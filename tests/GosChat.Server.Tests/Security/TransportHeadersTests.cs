using System.Net;
using System.Net.Http.Json;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Security;

/// <summary>Staff pages cannot be framed; behind a trusted proxy cookies are Secure and HSTS can be sent.</summary>
public sealed class TransportHeadersTests
{
    [TestCase("console/")]
    [TestCase("supervisor/")]
    public async Task StaffPages_CannotBeFramed_AndLoadOnlyTheirOwnScripts(string page)
    {
        await using var server = await GosChatServer.StartAsync();

        var response = await server.Http.GetAsync(page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(csp, Does.Contain("frame-ancestors 'none'").And.Contain("script-src 'self'"));
        Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
    }

    [Test]
    public async Task WithoutATrustedProxy_ForwardedProtoIsIgnored()
    {
        await using var server = await GosChatServer.StartAsync();

        var cookie = await LoginCookieAsync(server, forwardedProto: "https");

        Assert.That(cookie, Does.Not.Contain("secure"));
    }

    [Test]
    public async Task BehindATrustedProxy_TheCookieIsSecure_AndHstsIsSent()
    {
        await using var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GosChat:Proxy:KnownProxies:0"] = "127.0.0.1",
            ["GosChat:Proxy:Hsts"] = "true",
        });

        Assert.That(await LoginCookieAsync(server, forwardedProto: "https"), Does.Contain("secure"));
        Assert.That(await LoginCookieAsync(server, forwardedProto: null), Does.Not.Contain("secure"), "plain http at the proxy");

        using var request = new HttpRequestMessage(HttpMethod.Get, "console/");
        request.Headers.Host = "help.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await server.Http.SendAsync(request);
        Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age=31536000"));
    }

    [Test]
    public void ABadProxyAddress_StopsStartUp()
    {
        var error = Assert.CatchAsync(() => GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GosChat:Proxy:KnownProxies:0"] = "not-an-ip",
        }));
        Assert.That(error!.Message, Does.Contain("GosChat:Proxy:KnownProxies:0"));
    }

    private static async Task<string> LoginCookieAsync(GosChatServer server, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new { login = "op101", password = "demo" }) };
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        var response = await server.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return string.Join("\n", response.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
    }
}
