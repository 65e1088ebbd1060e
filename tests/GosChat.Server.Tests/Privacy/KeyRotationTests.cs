using System.Security.Cryptography;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Privacy;

/// <summary>Keys come from configuration, rotate without losing data, and a production node will not run without one.</summary>
public sealed class KeyRotationTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Test]
    public async Task DataWrittenUnderKeyA_StillReads_AfterKeyBBecomesActive_AndNewDataIsWrittenUnderB()
    {
        using var redis = RedisServer.Start();
        var clock = new NodaTime.Testing.FakeClock(GosChatServer.MondayMorning);
        string resumeToken, sessionId;
        await using (var first = await GosChatServer.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
                     {
                         ["GosChat:Encryption:ActiveKeyId"] = "A", ["GosChat:Encryption:Keys:A"] = KeyA,
                     }, clock))
        {
            await using var citizen = await first.CitizenAsync();
            var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest("101", "Мой СНИЛС 112-233-445 95", "ru", null, "Пётр", "+7 903 777-41-29", null, null));
            (resumeToken, sessionId) = (started.ResumeToken, started.SessionId);
        }

        await using var second = await GosChatServer.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["GosChat:Encryption:ActiveKeyId"] = "B", ["GosChat:Encryption:Keys:A"] = KeyA, ["GosChat:Encryption:Keys:B"] = KeyB,
        }, clock);
        await using var again = await second.CitizenAsync();
        var snapshot = await again.InvokeAsync<SessionSnapshotDto>("ResumeSession", resumeToken);
        Assert.That(snapshot.Messages.Select(m => m.Text), Does.Contain("Мой СНИЛС 112-233-445 95"));
        await again.InvokeAsync<SendResult>("SendMessage", "Второе сообщение", "c-2");

        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var messages = (await mux.GetDatabase().ListRangeAsync(GosChat.Storage.Redis.RedisKeys.Messages(sessionId))).Select(v => v.ToString()).ToList();
        Assert.That(messages, Has.Count.EqualTo(2));
        Assert.That(messages[0], Does.Contain("\"text\":\"enc:v1:A:"));
        Assert.That(messages[1], Does.Contain("\"text\":\"enc:v1:B:"));
        var session = (await mux.GetDatabase().StringGetAsync(GosChat.Storage.Redis.RedisKeys.Session(sessionId))).ToString();
        Assert.That(session, Does.Contain("\"phone\":\"enc:v1:"));
    }

    [TestCase("", null)]
    [TestCase("A", null)]
    [TestCase("A", "c2hvcnQ=")]
    [TestCase("B", "KEYA")]
    public void OutsideDevelopment_ANodeWithoutAUsableKey_RefusesToStart(string activeKeyId, string? keyA)
    {
        var error = Assert.CatchAsync(() => GosChatServer.StartAsync(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["GosChat:Encryption:ActiveKeyId"] = activeKeyId,
            ["GosChat:Encryption:Keys:A"] = keyA == "KEYA" ? KeyA : keyA,
        }));
        Assert.That(error!.Message, Does.Contain("GosChat:Encryption"));
    }

    [Test]
    public async Task InDevelopment_WithoutAKey_ANodeMakesOne_InItsDataFolder()
    {
        var folder = Directory.CreateTempSubdirectory("goschat-devkey-").FullName;
        try
        {
            await using (var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?>
                         {
                             ["GosChat:Encryption:ActiveKeyId"] = "", ["GosChat:DataFolder"] = folder,
                         }))
            {
                await using var citizen = await server.CitizenAsync();
                await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
            }
            var key = Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(folder, GosChat.Server.Privacy.EncryptionSetup.DevelopmentKeyFile)));
            Assert.That(key, Has.Length.EqualTo(32));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
