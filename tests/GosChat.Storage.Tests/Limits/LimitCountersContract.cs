using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.Tests.Limits;

/// <summary>The abuse-limit counters, the same on every adapter.</summary>
public abstract class LimitCountersContract
{
    private StoreFactory _factory = null!;
    private ILimitCounters Counters => _factory.LimitCounters();
    private static readonly Instant T0 = Instant.FromUtc(2031, 3, 3, 9, 0, 0);

    protected abstract StoreFactory CreateFactory();

    [OneTimeSetUp] public void Create() => _factory = CreateFactory();
    [OneTimeTearDown] public void Destroy() => _factory.Dispose();
    [SetUp] public void Clean() => _factory.Reset();

    [Test]
    public async Task Add_CountsWithinAFixedWindow_AndStartsAgainInTheNext()
    {
        var minute = Duration.FromMinutes(1);
        Assert.That(await Counters.AddAsync("ip:1", 1, T0, minute), Is.EqualTo(1));
        Assert.That(await Counters.AddAsync("ip:1", 1, T0 + Duration.FromSeconds(30), minute), Is.EqualTo(2));
        Assert.That(await Counters.AddAsync("ip:1", 5, T0 + Duration.FromSeconds(59), minute), Is.EqualTo(7));
        Assert.That(await Counters.AddAsync("ip:1", 1, T0 + minute, minute), Is.EqualTo(1), "a new window");
        Assert.That(await Counters.AddAsync("ip:2", 1, T0 + minute, minute), Is.EqualTo(1), "keys are separate");
    }

    [Test]
    public async Task Add_WindowsOfDifferentLengths_DoNotDisturbEachOther()
    {
        for (var i = 0; i < 3; i++) await Counters.AddAsync("session:hour", 1, T0 + Duration.FromSeconds(i * 20), Duration.FromHours(1));
        await Counters.AddAsync("conn:10s", 1, T0 + Duration.FromMinutes(5), Duration.FromSeconds(10));

        Assert.That(await Counters.AddAsync("session:hour", 1, T0 + Duration.FromMinutes(10), Duration.FromHours(1)), Is.EqualTo(4));
    }

    [Test]
    public async Task Gauge_MovesUpAndDown_AndNeverBelowZero()
    {
        var idle = TimeSpan.FromMinutes(10);
        Assert.That(await Counters.AdjustAsync("conns:ip", 1, idle), Is.EqualTo(1));
        Assert.That(await Counters.AdjustAsync("conns:ip", 1, idle), Is.EqualTo(2));
        Assert.That(await Counters.AdjustAsync("conns:ip", -1, idle), Is.EqualTo(1));
        Assert.That(await Counters.AdjustAsync("conns:ip", -1, idle), Is.EqualTo(0));
        Assert.That(await Counters.AdjustAsync("conns:ip", -1, idle), Is.EqualTo(0), "a stray decrement");
        Assert.That(await Counters.AdjustAsync("conns:ip", 1, idle), Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentAdds_AreAllCounted()
    {
        var minute = Duration.FromMinutes(1);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Counters.AddAsync("burst", 1, T0, minute)));
        Assert.That(await Counters.AddAsync("burst", 0, T0, minute), Is.EqualTo(200));
    }
}

[TestFixture]
public sealed class InMemoryLimitCountersTests : LimitCountersContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
}

[TestFixture]
public sealed class RedisLimitCountersTests : LimitCountersContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
}
