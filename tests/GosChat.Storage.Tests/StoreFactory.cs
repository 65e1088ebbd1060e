using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using StackExchange.Redis;

namespace GosChat.Storage.Tests;

/// <summary>The cipher stores under test encrypt personal data with: the run's test key.</summary>
public static class TestCipher
{
    public static readonly IPersonalDataCipher Default = new AesGcmPersonalDataCipher(
        new Dictionary<string, byte[]> { [TestEncryptionKeys.KeyId] = Convert.FromBase64String(TestEncryptionKeys.Key) }, TestEncryptionKeys.KeyId);
}

/// <summary>Makes fresh stores of one adapter kind for a contract fixture.</summary>
public abstract class StoreFactory : IDisposable
{
    public abstract IRoutingStore Routing();
    public abstract IMessageStore Messages();
    public abstract ITicketSequence Tickets();
    public abstract ILimitCounters LimitCounters();
    public abstract ISignInStore SignIns();
    /// <summary>Forgets everything stored so far.</summary>
    public abstract void Reset();
    public virtual void Dispose() { }
}

public sealed class InMemoryStoreFactory : StoreFactory
{
    private readonly bool _spillEveryMessage;
    private InMemoryRoutingStore _routing = new();
    // The embedded node's ticket numbers and spilled messages live in files of its data folder: a fresh folder per reset.
    private readonly string _folder = Directory.CreateTempSubdirectory("goschat-store-").FullName;
    private FileTicketSequence _tickets;
    private IMessageStore _messages;

    /// <param name="spillEveryMessage">
    /// The message store on a budget of 0 bytes, waited for after each append: every session's messages are in its
    /// file before the next call (<see cref="SpilledMessageStore"/>).
    /// </param>
    public InMemoryStoreFactory(bool spillEveryMessage = false)
    {
        _spillEveryMessage = spillEveryMessage;
        _messages = NewMessageStore();
        _tickets = new FileTicketSequence(Path.Combine(_folder, Guid.NewGuid().ToString("N")));
    }

    private InMemoryLimitCounters _limits = new();

    public override IRoutingStore Routing() => _routing;
    public override ILimitCounters LimitCounters() => _limits;
    private InMemorySignInStore _signIns = new();
    public override ISignInStore SignIns() => _signIns;
    public override IMessageStore Messages() => _messages;
    public override ITicketSequence Tickets() => _tickets;

    private IMessageStore NewMessageStore() => _spillEveryMessage
        ? new SpilledMessageStore(SpilledMessageStore.Spilling(Path.Combine(_folder, Guid.NewGuid().ToString("N"))))
        : new InMemoryMessageStore();

    public override void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public override void Reset()
    {
        _routing = new InMemoryRoutingStore();
        _messages = NewMessageStore();
        _tickets = new FileTicketSequence(Path.Combine(_folder, Guid.NewGuid().ToString("N")));
        _limits = new InMemoryLimitCounters();
        _signIns = new InMemorySignInStore();
    }
}

/// <summary>
/// The embedded message store with every message written out to its file: each append waits for the store's spill
/// pass, so every call after it finds the session's messages on disk (the same contract, spilled).
/// </summary>
public sealed class SpilledMessageStore(InMemoryMessageStore store) : IMessageStore
{
    public InMemoryMessageStore Store { get; } = store;

    /// <summary>A store on a budget of 0 bytes, spilling into <paramref name="folder"/>.</summary>
    public static InMemoryMessageStore Spilling(string folder, long budgetBytes = 0) => new(folder, TestCipher.Default,
        new EmbeddedMessageOptions { MemoryBudgetBytes = budgetBytes }, Microsoft.Extensions.Logging.Abstractions.NullLogger<InMemoryMessageStore>.Instance);

    public async Task<(GosChat.Domain.Messages.ChatMessage Message, bool Duplicate)> AppendAsync(GosChat.Domain.Messages.ChatMessage message)
    {
        var result = await Store.AppendAsync(message);
        await Store.SpillingDone;
        return result;
    }

    public Task<IReadOnlyList<GosChat.Domain.Messages.ChatMessage>> GetAsync(string sessionId, long afterSeq = 0) => Store.GetAsync(sessionId, afterSeq);
}

/// <summary>Stores on a real redis-server started for the fixture.</summary>
public sealed class RedisStoreFactory : StoreFactory
{
    private readonly RedisServer _server = RedisServer.Start();
    private readonly ConnectionMultiplexer _redis;
    public ConnectionMultiplexer Multiplexer => _redis;
    public string ConnectionString => _server.ConnectionString;

    public RedisStoreFactory() => _redis = ConnectionMultiplexer.Connect(_server.ConnectionString);

    public override IRoutingStore Routing() => new RedisRoutingStore(_redis, new RedisStoreOptions(), TestCipher.Default);
    public override IMessageStore Messages() => new RedisMessageStore(_redis, TestCipher.Default);
    public override ITicketSequence Tickets() => new RedisTicketSequence(_redis);
    public override ILimitCounters LimitCounters() => new RedisLimitCounters(_redis);
    public override ISignInStore SignIns() => new RedisSignInStore(_redis);

    public override void Reset()
    {
        foreach (var endpoint in _redis.GetEndPoints()) _redis.GetServer(endpoint).FlushAllDatabases();
    }

    public override void Dispose()
    {
        _redis.Dispose();
        _server.Dispose();
    }
}
