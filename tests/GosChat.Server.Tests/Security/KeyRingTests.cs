using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Security;

/// <summary>The key ring that signs every sign-in is encrypted at rest; outside Development a node will not run without that.</summary>
public sealed class KeyRingTests
{
    [Test]
    public void OutsideDevelopment_ANodeWithoutAKeyRingCertificate_RefusesToStart()
    {
        var error = Assert.CatchAsync(() => GosChatServer.StartAsync(environment: "Production",
            settings: new Dictionary<string, string?> { ["GosChat:DataProtection:CertificatePath"] = "" }));
        Assert.That(error!.Message, Does.Contain("GosChat:DataProtection:CertificatePath"));
    }

    [Test]
    public async Task TheKeyRingInRedis_HoldsNoKeyInTheClear()
    {
        using var redis = RedisServer.Start();
        await using var server = await GosChatServer.StartAsync(redis.ConnectionString, environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Operators:0:Login"] = "ivanova", ["Operators:0:PasswordHash"] = GosChat.Server.Auth.OperatorDirectory.HashPassword("secret-1"),
            ["Operators:0:Queues:0"] = "101",
        });
        await server.LoginAsync("ivanova", "secret-1");

        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ring = (await mux.GetDatabase().ListRangeAsync("goschat:v1:dataprotection:keys")).Select(v => v.ToString()).ToList();

        Assert.That(ring, Is.Not.Empty);
        Assert.That(ring, Has.All.Contains("encryptedSecret"));
        Assert.That(ring, Has.None.Contains("<masterKey"));
    }
}
