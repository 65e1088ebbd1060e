using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Chat;

/// <summary>
/// A fresh real server per test, on the embedded store or on a real redis-server (emptied before each test),
/// and the hub connections a test opens, closed after it.
/// </summary>
public abstract class ServerFixtureBase
{
    private readonly string _storage;
    private RedisServer? _redis;
    private readonly List<HubConnection> _connections = [];

    /// <param name="storage"><c>embedded</c> or <c>redis</c>.</param>
    /// <param name="monday">The Monday (<c>yyyy-MM-dd</c>) whose 10:00 Moscow time the servers' clock starts at;
    /// null for <see cref="GosChatServer.MondayMorning"/>.</param>
    protected ServerFixtureBase(string storage, string? monday = null)
    {
        _storage = storage;
        Start = monday is null ? GosChatServer.MondayMorning : GosChatServer.MorningOf(monday);
    }

    /// <summary>Where each test's server clock starts.</summary>
    protected Instant Start { get; }

    protected GosChatServer Server { get; private set; } = null!;
    protected string? RedisConnection => _redis?.ConnectionString;

    /// <summary>Configuration overrides of the server each test starts.</summary>
    protected virtual Dictionary<string, string?> Settings() => [];

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (_storage == "redis") _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [SetUp]
    public async Task StartServer()
    {
        if (_redis is not null)
        {
            using var mux = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            foreach (var ep in mux.GetEndPoints()) await mux.GetServer(ep).FlushAllDatabasesAsync();
        }
        Server = await GosChatServer.StartAsync(RedisConnection, Settings(), new FakeClock(Start));
    }

    [TearDown]
    public async Task StopServer()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        _connections.Clear();
        await Server.DisposeAsync();
    }

    protected async Task<HubConnection> Citizen() => Track(await Server.CitizenAsync());
    protected async Task<HubConnection> Operator(string login) => Track(await Server.OperatorAsync(login));

    /// <summary>A signed-in operator who is available, with the offers they receive.</summary>
    protected async Task<(HubConnection Connection, Inbox<OfferDto> Offers)> AvailableOperator(string login)
    {
        var op = await Operator(login);
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        return (op, offers);
    }

    /// <summary>Closes a connection now (an operator or citizen going away mid-test).</summary>
    protected async Task DropAsync(HubConnection connection)
    {
        _connections.Remove(connection);
        await connection.DisposeAsync();
    }

    private HubConnection Track(HubConnection c)
    {
        _connections.Add(c);
        return c;
    }
}
