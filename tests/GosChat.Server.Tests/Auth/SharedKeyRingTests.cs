using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Auth;

/// <summary>On Redis, the Data Protection key ring that signs tokens and cookies is shared by every node.</summary>
public sealed class SharedKeyRingTests
{
    [Test]
    public async Task KeyRing_LivesInRedis_SoANodeStartedLaterAcceptsAnEarlierSignIn()
    {
        using var redis = RedisServer.Start();
        string token;
        await using (var first = await GosChatServer.StartAsync(redis.ConnectionString))
            token = await first.LoginAsync("op101");

        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var keys = await admin.GetDatabase().ListRangeAsync(RedisKeys.DataProtectionKeys);
            Assert.That(RedisKeys.DataProtectionKeys, Is.EqualTo("goschat:v1:dataprotection:keys"));
            Assert.That(keys.Select(k => XElement.Parse(k.ToString()).Name.LocalName), Is.Not.Empty.And.All.EqualTo("key"));
        }

        await using var later = await GosChatServer.StartAsync(redis.ConnectionString);
        using var me = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await later.Http.SendAsync(me);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
