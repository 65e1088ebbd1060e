using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Citizens;
using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Citizens;

/// <summary>The citizen history contract, run against every adapter.</summary>
public abstract class CitizenHistoryContract
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    protected static readonly CitizenKeys Keys = new(Encoding.UTF8.GetBytes("the server secret of this test run, 32+ bytes"));
    private static readonly string Key = Keys.KeyOf(CitizenIdentity.Caller("+7 (916) 555-12-34")!);

    /// <summary>A history with nothing recorded.</summary>
    protected abstract Task<ICitizenHistory> FreshAsync();

    [Test]
    public void Key_IsTheSameForBothWaysOfWritingACallersNumber_AndAnHmacUnderTheServerSecret()
    {
        var bareSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("79165551234")));
        var otherSecret = new CitizenKeys(Encoding.UTF8.GetBytes("another deployment's secret, also 32+ bytes"));
        Assert.Multiple(() =>
        {
            Assert.That(Keys.KeyOf(CitizenIdentity.Caller("8 916 555 12 34")!), Is.EqualTo(Key));
            Assert.That(Keys.KeyOf(CitizenIdentity.Caller("79165551234")!), Is.EqualTo(Key));
            Assert.That(CitizenKeys.IsKey(Key), Is.True);
            Assert.That(Key, Does.Not.Contain("9165551234"));
            Assert.That(Key, Is.Not.EqualTo(bareSha256), "not a bare hash anyone can recompute");
            Assert.That(otherSecret.KeyOf(CitizenIdentity.Caller("+7 (916) 555-12-34")!), Is.Not.EqualTo(Key));
            Assert.That(Keys.KeyOf(CitizenIdentity.Caller("+7 (916) 555-12-35")!), Is.Not.EqualTo(Key));
            Assert.That(CitizenIdentity.Caller(null), Is.Null);
            Assert.That(CitizenIdentity.Caller(" - "), Is.Null);
            Assert.That(() => new CitizenKeys(new byte[16]), Throws.ArgumentException);
        });
    }

    [TestCase("+7 (916) 555-12-34")]
    [TestCase("79165551234")]
    [TestCase("")]
    public async Task Record_RefusesAKeyThatIsNotAnHmac(string raw)
    {
        var history = await FreshAsync();
        Assert.ThrowsAsync<ArgumentException>(() => history.RecordAsync(raw, "s1", T0));
    }

    [Test]
    public async Task List_IsEmpty_ForAnUnknownCitizen()
    {
        var history = await FreshAsync();
        Assert.That(await history.ListAsync(Key, 10), Is.Empty);
    }

    [Test]
    public async Task List_IsNewestFirst_Limited_AndPerCitizen()
    {
        var history = await FreshAsync();
        await history.RecordAsync(Key, "s1", T0);
        await history.RecordAsync(Key, "s3", T0 + Duration.FromMinutes(2));
        await history.RecordAsync(Key, "s2", T0 + Duration.FromMinutes(1));
        await history.RecordAsync(Key, "s2", T0 + Duration.FromMinutes(1));
        var other = Keys.KeyOf(CitizenIdentity.Caller("+7 900 000-00-00")!);
        await history.RecordAsync(other, "x1", T0);

        Assert.Multiple(async () =>
        {
            Assert.That(await history.ListAsync(Key, 10), Is.EqualTo(new[] { "s3", "s2", "s1" }));
            Assert.That(await history.ListAsync(Key, 2), Is.EqualTo(new[] { "s3", "s2" }));
            Assert.That(await history.ListAsync(other, 10), Is.EqualTo(new[] { "x1" }));
        });
    }

    [Test]
    public async Task Record_KeepsOnlyTheNewest50()
    {
        var history = await FreshAsync();
        for (var i = 0; i < 55; i++)
            await history.RecordAsync(Key, $"s{i:00}", T0 + Duration.FromMinutes(i));

        var all = await history.ListAsync(Key, 100);
        Assert.That(all, Has.Count.EqualTo(CitizenKeys.MaxKept));
        Assert.That(all[0], Is.EqualTo("s54"));
        Assert.That(all[^1], Is.EqualTo("s05"));
    }
}

[TestFixture]
public sealed class InMemoryCitizenHistoryTests : CitizenHistoryContract
{
    protected override Task<ICitizenHistory> FreshAsync() => Task.FromResult<ICitizenHistory>(new InMemoryCitizenHistory());
}

[TestFixture]
public sealed class RedisCitizenHistoryTests : CitizenHistoryContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;

    [OneTimeSetUp]
    public void Start() => _stores = new RedisStoreFactory();

    [OneTimeTearDown]
    public void Stop() => _stores?.Dispose();

    protected override async Task<ICitizenHistory> FreshAsync()
    {
        _stores.Reset();
        return new RedisCitizenHistory(Redis, new RedisStoreOptions());
    }

    [Test]
    public async Task Record_UsesTheHmacKey_WithTheClosedSessionRetention()
    {
        var history = await FreshAsync();
        var key = Keys.KeyOf(CitizenIdentity.Caller("8 916 555 12 34")!);
        await history.RecordAsync(key, "s1", Instant.FromUtc(2026, 11, 23, 7, 0));

        var redisKey = RedisKeys.CitizenSessions(key);
        Assert.That(redisKey, Is.EqualTo("goschat:v1:{citizen:" + key + "}:sessions"));
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(redisKey);
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(29)).And.LessThanOrEqualTo(TimeSpan.FromDays(30)));
        var keys = Redis.GetServer(Redis.GetEndPoints()[0]).Keys(pattern: "*").Select(k => k.ToString()).ToList();
        Assert.That(keys, Has.None.Contains("9165551234"));
    }
}
