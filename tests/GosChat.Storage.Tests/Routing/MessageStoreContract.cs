using GosChat.Domain.Messages;
using NodaTime;

namespace GosChat.Storage.Tests.Routing;

/// <summary>What every message store and ticket sequence must do; run against both adapters.</summary>
public abstract class MessageStoreContract
{
    private StoreFactory _factory = null!;
    protected abstract StoreFactory CreateFactory();

    [OneTimeSetUp] public void StartStores() => _factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => _factory.Dispose();
    [SetUp] public void Clean() => _factory.Reset();

    private static ChatMessage Message(string session, string text, string? clientId = null, string from = Senders.Citizen) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        SessionId = session,
        From = from,
        Text = text,
        SentAt = Instant.FromUtc(2026, 11, 23, 9, 0),
        ClientMessageId = clientId,
    };

    [Test]
    public async Task Append_NumbersMessagesInOrder_PerSession()
    {
        var store = _factory.Messages();
        await store.AppendAsync(Message("a", "one"));
        await store.AppendAsync(Message("b", "other"));
        await store.AppendAsync(Message("a", "two"));

        var history = await store.GetAsync("a");

        Assert.That(history.Select(m => (m.Seq, m.Text)), Is.EqualTo(new[] { (1L, "one"), (2L, "two") }));
        Assert.That(history[0].SentAt, Is.EqualTo(Instant.FromUtc(2026, 11, 23, 9, 0)));
    }

    [Test]
    public async Task Append_SameClientMessageId_StoresNothingNew_AndReturnsTheFirst()
    {
        var store = _factory.Messages();
        var (first, dup1) = await store.AppendAsync(Message("a", "hello", "c-1"));
        var (again, dup2) = await store.AppendAsync(Message("a", "hello (resent)", "c-1"));

        Assert.That(dup1, Is.False);
        Assert.That(dup2, Is.True);
        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(again.Text, Is.EqualTo("hello"));
        Assert.That(await store.GetAsync("a"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Append_SameClientIdFromOtherSide_IsADifferentMessage()
    {
        var store = _factory.Messages();
        await store.AppendAsync(Message("a", "citizen", "x"));
        var (_, dup) = await store.AppendAsync(Message("a", "operator", "x", Senders.Operator));

        Assert.That(dup, Is.False);
        Assert.That(await store.GetAsync("a"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Get_AfterSeq_ReturnsOnlyLaterMessages()
    {
        var store = _factory.Messages();
        for (var i = 1; i <= 5; i++) await store.AppendAsync(Message("a", "m" + i));

        var later = await store.GetAsync("a", afterSeq: 3);

        Assert.That(later.Select(m => m.Seq), Is.EqualTo(new[] { 4L, 5L }));
        Assert.That(later.Select(m => m.Text), Is.EqualTo(new[] { "m4", "m5" }));
    }

    [Test]
    public async Task ParallelAppends_WithOneClientId_StoreExactlyOne()
    {
        var store = _factory.Messages();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.AppendAsync(Message("a", "x", "same")))));

        Assert.That(results.Count(r => !r.Duplicate), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Message.MessageId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await store.GetAsync("a"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TicketSequence_NeverRepeats_UnderParallelUse()
    {
        var tickets = _factory.Tickets();
        var taken = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(tickets.NextAsync)));

        Assert.That(taken.Distinct().Count(), Is.EqualTo(200));
        Assert.That(taken.Min(), Is.GreaterThanOrEqualTo(1));
    }
}

[TestFixture]
public sealed class InMemoryMessageStoreTests : MessageStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
}

/// <summary>The embedded store with every session's messages written out to its file (a budget of 0 bytes).</summary>
[TestFixture]
public sealed class SpilledInMemoryMessageStoreTests : MessageStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory(spillEveryMessage: true);
}

[TestFixture]
public sealed class RedisMessageStoreTests : MessageStoreContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
}
