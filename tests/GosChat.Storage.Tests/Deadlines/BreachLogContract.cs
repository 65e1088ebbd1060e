using GosChat.Domain.Deadlines;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Deadlines;

/// <summary>The breach log contract, run against every adapter.</summary>
public abstract class BreachLogContract
{
    private static readonly LocalDate Monday = new(2026, 11, 23);

    /// <summary>A log with nothing recorded.</summary>
    protected abstract Task<IBreachLog> FreshAsync();

    [Test]
    public async Task Count_IsZero_WhenNothingRecorded()
    {
        var log = await FreshAsync();
        Assert.That(await log.CountAsync("101", Monday), Is.EqualTo(0));
    }

    [Test]
    public async Task Record_SameBreachTwice_CountsOnce()
    {
        var log = await FreshAsync();
        await log.RecordAsync("101", Monday, "s1:firstResponse");
        await log.RecordAsync("101", Monday, "s1:firstResponse");
        await log.RecordAsync("101", Monday, "s1:resolution");
        Assert.That(await log.CountAsync("101", Monday), Is.EqualTo(2));
    }

    [Test]
    public async Task Counts_AreSeparatePerQueueAndDay()
    {
        var log = await FreshAsync();
        await log.RecordAsync("101", Monday, "s1:firstResponse");
        await log.RecordAsync("102", Monday, "s2:firstResponse");
        await log.RecordAsync("101", Monday.PlusDays(1), "s3:firstResponse");
        Assert.Multiple(async () =>
        {
            Assert.That(await log.CountAsync("101", Monday), Is.EqualTo(1));
            Assert.That(await log.CountAsync("102", Monday), Is.EqualTo(1));
            Assert.That(await log.CountAsync("103", Monday), Is.EqualTo(0));
            Assert.That(await log.CountAsync("101", Monday.PlusDays(1)), Is.EqualTo(1));
        });
    }
}

[TestFixture]
public sealed class InMemoryBreachLogTests : BreachLogContract
{
    protected override Task<IBreachLog> FreshAsync() => Task.FromResult<IBreachLog>(new InMemoryBreachLog());
}

[TestFixture]
public sealed class RedisBreachLogTests : BreachLogContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;

    [OneTimeSetUp]
    public void Start() => _stores = new RedisStoreFactory();

    [OneTimeTearDown]
    public void Stop() => _stores?.Dispose();

    protected override async Task<IBreachLog> FreshAsync()
    {
        _stores.Reset();
        return new RedisBreachLog(Redis);
    }

    [Test]
    public async Task Record_SetsAnExpiry_SoOldDaysAreForgotten()
    {
        var log = await FreshAsync();
        await log.RecordAsync("101", new LocalDate(2026, 11, 23), "s1:firstResponse");
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Breaches("101", "2026-11-23"));
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(7)));
    }
}
