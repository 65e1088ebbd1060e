using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Auth;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Auth;

/// <summary>Where operator accounts come from, and how a sign-in is used.</summary>
public sealed class AccountTests
{
    [Test]
    public async Task OutsideDevelopment_DemoAccountsDoNotExist_AndConfiguredHashedAccountsSignIn()
    {
        var hash = OperatorDirectory.HashPassword("s3cret-пароль");
        Assert.That(hash, Does.Not.Contain("s3cret"));
        await using var server = await GosChatServer.StartAsync(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Operators:0:Login"] = "ivanova",
            ["Operators:0:Name"] = "Иванова А.",
            ["Operators:0:PasswordHash"] = hash,
            ["Operators:0:Queues:0"] = "102",
            ["Operators:0:Languages:0"] = "ru",
        });

        var demo = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "op101", password = "demo" });
        Assert.That(demo.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var wrong = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "ivanova", password = "demo" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var ok = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "ivanova", password = "s3cret-пароль" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("operator").GetProperty("id").GetString(), Is.EqualTo("ivanova"));
        Assert.That(body.GetProperty("operator").GetProperty("roles")[0].GetString(), Is.EqualTo("operator"));
        Assert.That(ok.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("goschat.auth=")), Is.True);

        using var me = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        var meResponse = await server.Http.SendAsync(me);
        Assert.That(meResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await meResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queues")[0].GetString(), Is.EqualTo("102"));

        using var fresh = new HttpClient { BaseAddress = server.BaseAddress };
        var anonymous = await fresh.GetAsync("api/auth/me");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Health_Is200_OnTheEmbeddedStore()
    {
        await using var server = await GosChatServer.StartAsync();
        var response = await server.Http.GetAsync("healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Health_Is503_WhenRedisIsUnreachable()
    {
        // A port nobody listens on: the node starts (Redis may come later) but says it cannot serve.
        await using var server = await GosChatServer.StartAsync(redis: "127.0.0.1:1,connectTimeout=200");
        var response = await server.Http.GetAsync("healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
