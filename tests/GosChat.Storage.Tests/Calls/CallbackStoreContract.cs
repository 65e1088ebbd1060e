using GosChat.Domain.Calls;
using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;

namespace GosChat.Storage.Tests.Calls;

/// <summary>What every callback store must do; run against the in-memory store and against Redis.</summary>
public abstract class CallbackStoreContract
{
    protected static readonly Instant Slot = Instant.FromUtc(2026, 11, 24, 7, 0);
    protected static readonly Instant Later = Slot + Duration.FromMinutes(30);
    private StoreFactory _factory = null!;
    protected ICallbackStore Store = null!;

    protected abstract StoreFactory CreateFactory();
    protected abstract ICallbackStore CreateStore(StoreFactory factory);

    [OneTimeSetUp] public void StartStores() => _factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => _factory.Dispose();

    [SetUp]
    public void Clean()
    {
        _factory.Reset();
        Store = CreateStore(_factory);
    }

    protected static CallbackBooking Booking(string ticket, string queue = "101", Instant? slot = null) => new()
    {
        Ticket = ticket,
        CallbackId = "key-" + ticket,
        Queue = queue,
        Phone = "+7 900 000-00-00",
        SlotStart = slot ?? Slot,
        SlotEnd = (slot ?? Slot) + Duration.FromMinutes(30),
        State = CallbackState.Booked,
        CreatedAt = Slot - Duration.FromDays(1),
        UpdatedAt = Slot - Duration.FromDays(1),
    };

    [Test]
    public async Task Save_StoresNewBooking_WithVersionOne()
    {
        Assert.That(await Store.SaveAsync(Booking("300000001"), null, 5), Is.EqualTo(CallbackSaveResult.Saved));

        var stored = await Store.GetAsync("300000001");
        Assert.That(stored!.Version, Is.EqualTo(1));
        Assert.That(stored.SlotStart, Is.EqualTo(Slot));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_RefusesBooking_WhenSlotOfQueueIsFull_OtherQueueUnaffected()
    {
        Assert.That(await Store.SaveAsync(Booking("300000001"), null, 2), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.SaveAsync(Booking("300000002"), null, 2), Is.EqualTo(CallbackSaveResult.Saved));

        Assert.That(await Store.SaveAsync(Booking("300000003"), null, 2), Is.EqualTo(CallbackSaveResult.SlotFull));
        Assert.That(await Store.GetAsync("300000003"), Is.Null);
        Assert.That(await Store.SaveAsync(Booking("300000004", queue: "102"), null, 2), Is.EqualTo(CallbackSaveResult.Saved));
    }

    [Test]
    public async Task Save_RefusesStaleVersion_AndDuplicateNew()
    {
        await Store.SaveAsync(Booking("300000001"), null, 5);
        var stored = (await Store.GetAsync("300000001"))!;
        Assert.That(await Store.SaveAsync(stored with { Name = "A" }, stored, 5), Is.EqualTo(CallbackSaveResult.Saved));

        Assert.That(await Store.SaveAsync(stored with { Name = "B" }, stored, 5), Is.EqualTo(CallbackSaveResult.Conflict));
        Assert.That(await Store.SaveAsync(Booking("300000001"), null, 5), Is.EqualTo(CallbackSaveResult.Conflict));
        Assert.That((await Store.GetAsync("300000001"))!.Name, Is.EqualTo("A"));
    }

    [Test]
    public async Task Move_FreesOldPlace_AndChecksNewSlot()
    {
        await Store.SaveAsync(Booking("300000001"), null, 1);
        await Store.SaveAsync(Booking("300000002", slot: Later), null, 1);
        var first = (await Store.GetAsync("300000001"))!;

        var intoFull = first with { SlotStart = Later, SlotEnd = Later + Duration.FromMinutes(30) };
        Assert.That(await Store.SaveAsync(intoFull, first, 1), Is.EqualTo(CallbackSaveResult.SlotFull));

        var second = (await Store.GetAsync("300000002"))!;
        var cancelled = second with { State = CallbackState.Cancelled };
        Assert.That(await Store.SaveAsync(cancelled, second, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.CountAsync("101", Later), Is.EqualTo(0));

        Assert.That(await Store.SaveAsync(intoFull, first, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(0));
        Assert.That(await Store.CountAsync("101", Later), Is.EqualTo(1));
    }

    [Test]
    public async Task PendingBookings_TakeNoPlace_AndConfirmingTakesOneOnlyWhenThereIsRoom()
    {
        var pending = Booking("300000001") with { State = CallbackState.Pending, ConfirmationHash = "h", ConfirmBy = Slot };
        Assert.That(await Store.SaveAsync(pending, null, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.SaveAsync(Booking("300000002") with { State = CallbackState.Pending }, null, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(0));
        var stored = (await Store.GetAsync("300000001"))!;
        Assert.That(stored.ConfirmationHash, Is.EqualTo("h"));
        Assert.That(stored.ConfirmBy, Is.EqualTo(Slot));

        Assert.That(await Store.SaveAsync(stored with { State = CallbackState.Booked }, stored, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(1));

        var other = (await Store.GetAsync("300000002"))!;
        Assert.That(await Store.SaveAsync(other with { State = CallbackState.Booked }, other, 1), Is.EqualTo(CallbackSaveResult.SlotFull));
        Assert.That(await Store.SaveAsync(other with { State = CallbackState.Expired }, other, 1), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_OfBookingAlreadyInItsSlot_IsNotRefusedByCapacity()
    {
        await Store.SaveAsync(Booking("300000001"), null, 1);
        var stored = (await Store.GetAsync("300000001"))!;

        Assert.That(await Store.SaveAsync(stored with { Phone = "+7 900 111-11-11" }, stored, 1), Is.EqualTo(CallbackSaveResult.Saved));
    }

    [Test]
    public async Task List_ReturnsBookingsOfTheRange_BySlotThenTicket()
    {
        await Store.SaveAsync(Booking("300000003", slot: Later), null, 5);
        await Store.SaveAsync(Booking("300000002"), null, 5);
        await Store.SaveAsync(Booking("300000001"), null, 5);
        await Store.SaveAsync(Booking("300000004", slot: Later + Duration.FromDays(1)), null, 5);

        var listed = await Store.ListAsync(Slot, Slot + Duration.FromDays(1));

        Assert.That(listed.Select(b => b.Ticket), Is.EqualTo(new[] { "300000001", "300000002", "300000003" }));
    }

    [Test]
    public async Task ParallelBookings_NeverOverfillASlot()
    {
        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Task.Run(() => Store.SaveAsync(Booking($"3{i:D8}"), null, 5))));

        Assert.That(results.Count(r => r == CallbackSaveResult.Saved), Is.EqualTo(5));
        Assert.That(await Store.CountAsync("101", Slot), Is.EqualTo(5));
    }
}

[TestFixture]
public sealed class InMemoryCallbackStoreTests : CallbackStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
    protected override ICallbackStore CreateStore(StoreFactory factory) => new InMemoryCallbackStore();
}

[TestFixture]
public sealed class RedisCallbackStoreTests : CallbackStoreContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
    protected override ICallbackStore CreateStore(StoreFactory factory) =>
        new RedisCallbackStore(((RedisStoreFactory)factory).Multiplexer, new RedisStoreOptions(), TestCipher.Default);
}
