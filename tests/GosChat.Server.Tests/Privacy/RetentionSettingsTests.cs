using System.Net;
using System.Net.Http.Headers;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Privacy;

/// <summary>GosChat:Retention is one setting for both the purge and Redis's own expiry of a session's keys.</summary>
public sealed class RetentionSettingsTests
{
    [Test]
    public async Task OnRedis_AClosedSessionsKeys_AndItsFiles_ExpireAfterTheConfiguredRetention()
    {
        using var redis = RedisServer.Start();
        await using var server = await GosChatServer.StartAsync(redis.ConnectionString,
            new Dictionary<string, string?> { ["GosChat:Retention:ClosedSessions"] = "90.00:00:00" });
        await using var citizen = await server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(AtRestEncryptionTests.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "скан.pdf");
        var upload = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        upload.Headers.Add("X-Resume-Token", started.ResumeToken);
        Assert.That((await server.Http.SendAsync(upload)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await citizen.InvokeAsync("CloseSession");

        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var db = mux.GetDatabase();
        var keys = mux.GetServer(mux.GetEndPoints()[0]).Keys(pattern: "*" + started.SessionId + "*")
            .Where(k => k.ToString().Contains("{s:") || k.ToString().Contains(":session:")).ToList();
        Assert.That(keys.Select(k => k.ToString()), Has.Some.Contains(":attachment:").And.Some.Contains(":messages").And.Some.Contains(":session:"));
        foreach (var key in keys)
            Assert.That(await db.KeyTimeToLiveAsync(key), Is.GreaterThan(TimeSpan.FromDays(89)).And.LessThanOrEqualTo(TimeSpan.FromDays(90)), key.ToString());
    }

    [TestCase("ClosedSessions", "00:00:00")]
    [TestCase("Callbacks", "-1.00:00:00")]
    [TestCase("PurgeBatch", "0")]
    public void ANonPositiveRetention_StopsStartUp(string setting, string value)
    {
        var error = Assert.CatchAsync(() => GosChatServer.StartAsync(settings: new Dictionary<string, string?> { ["GosChat:Retention:" + setting] = value }));
        Assert.That(error!.Message, Does.Contain("GosChat:Retention").Or.Contain(setting));
    }
}
