using GosChat.Domain.Deadlines;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;

namespace GosChat.Storage.Tests.Deadlines;

/// <summary>The announcement outbox contract, run against every adapter.</summary>
public abstract class AnnouncementOutboxContract
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);

    protected abstract Task<IAnnouncementOutbox> FreshAsync();

    [Test]
    public async Task Claim_TakesOnlyEntriesPendingLongEnough_OldestFirst()
    {
        var outbox = await FreshAsync();
        await outbox.AddAsync("b", T0 + Duration.FromSeconds(2));
        await outbox.AddAsync("a", T0);
        await outbox.AddAsync("c", T0 + Duration.FromSeconds(20));

        var claimed = await outbox.ClaimAsync(T0 + Duration.FromSeconds(5), T0 + Duration.FromSeconds(20), 10);

        Assert.That(claimed, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await outbox.CountAsync(), Is.EqualTo(3), "claiming keeps the entries until they are removed");
    }

    [Test]
    public async Task Claim_RestartsTheGracePeriod_SoASecondClaimSkipsTheEntry()
    {
        var outbox = await FreshAsync();
        await outbox.AddAsync("a", T0);
        var now = T0 + Duration.FromSeconds(30);

        Assert.That(await outbox.ClaimAsync(now - Duration.FromSeconds(15), now, 10), Is.EqualTo(new[] { "a" }));
        Assert.That(await outbox.ClaimAsync(now - Duration.FromSeconds(15), now, 10), Is.Empty);
        var later = now + Duration.FromSeconds(15);
        Assert.That(await outbox.ClaimAsync(later - Duration.FromSeconds(15), later, 10), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Add_Again_KeepsTheEarlierTime_AndRemoveForgets()
    {
        var outbox = await FreshAsync();
        await outbox.AddAsync("a", T0);
        await outbox.AddAsync("a", T0 + Duration.FromMinutes(5));
        Assert.That(await outbox.ClaimAsync(T0, T0 + Duration.FromMinutes(5), 10), Is.EqualTo(new[] { "a" }));

        await outbox.RemoveAsync("a");
        await outbox.RemoveAsync("absent");
        Assert.Multiple(async () =>
        {
            Assert.That(await outbox.CountAsync(), Is.EqualTo(0));
            Assert.That(await outbox.ClaimAsync(T0 + Duration.FromDays(1), T0 + Duration.FromDays(1), 10), Is.Empty);
        });
    }

    [Test]
    public async Task Claim_TakesAtMostTheBatch()
    {
        var outbox = await FreshAsync();
        for (var i = 0; i < 5; i++) await outbox.AddAsync("e" + i, T0 + Duration.FromSeconds(i));
        Assert.That(await outbox.ClaimAsync(T0 + Duration.FromMinutes(1), T0 + Duration.FromMinutes(1), 3), Is.EqualTo(new[] { "e0", "e1", "e2" }));
    }
}

[TestFixture]
public sealed class InMemoryAnnouncementOutboxTests : AnnouncementOutboxContract
{
    protected override Task<IAnnouncementOutbox> FreshAsync() => Task.FromResult<IAnnouncementOutbox>(new InMemoryAnnouncementOutbox());
}

[TestFixture]
public sealed class RedisAnnouncementOutboxTests : AnnouncementOutboxContract
{
    private RedisStoreFactory _stores = null!;

    [OneTimeSetUp]
    public void Start() => _stores = new RedisStoreFactory();

    [OneTimeTearDown]
    public void Stop() => _stores?.Dispose();

    protected override Task<IAnnouncementOutbox> FreshAsync()
    {
        _stores.Reset();
        return Task.FromResult<IAnnouncementOutbox>(new RedisAnnouncementOutbox(_stores.Multiplexer));
    }
}
