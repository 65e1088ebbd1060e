using System.Collections.Concurrent;
using System.Net.Http.Headers;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Deadlines;

/// <summary>
/// Base of the deadline server tests: the real server on Kestrel with a fake clock, on a real redis-server
/// (one per fixture, flushed before each test) or on the embedded store. Deadlines are short; due times come from
/// the fake clock, which the tests move with <see cref="DueJobs"/> so Hangfire runs what is due on it.
/// </summary>
public abstract class DeadlineServerFixture(bool useRedis)
{
    protected bool UseRedis { get; } = useRedis;
    protected RedisServer? Redis { get; private set; }
    private readonly List<IAsyncDisposable> _cleanup = [];

    protected static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GosChat:Deadlines:ChatFirstReply"] = "00:00:05",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (UseRedis) Redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => Redis?.Dispose();

    [SetUp]
    public async Task FlushRedis()
    {
        if (Redis is null) return;
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        await connection.GetDatabase().ExecuteAsync("FLUSHALL");
    }

    [TearDown]
    public async Task DisposeAll()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            try { await _cleanup[i].DisposeAsync(); }
            catch (Exception ex) { TestContext.Out.WriteLine("cleanup: " + ex.Message); }
        }
        _cleanup.Clear();
    }

    protected T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    protected async Task<GosChatServer> StartServerAsync(Dictionary<string, string?> settings, FakeClock? clock = null,
        Action<IServiceCollection>? services = null) =>
        Track(await GosChatServer.StartAsync(Redis?.ConnectionString, settings, clock, services: services));

    /// <summary>An operator's connection that records what it is sent; optionally made available.</summary>
    protected async Task<Console> ConsoleAsync(GosChatServer server, string login, bool available)
    {
        var connection = Track(await server.OperatorAsync(login));
        var console = new Console(connection);
        if (available) await connection.InvokeAsync("SetPresence", "available");
        return console;
    }

    protected async Task<SessionStartedDto> StartChatAsync(GosChatServer server, string text = "Не могу войти в личный кабинет")
    {
        var citizen = Track(await server.CitizenAsync());
        return await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", text, null, null, null, null, null, null));
    }

    protected static async Task<Session> SessionAsync(GosChatServer server, string id) =>
        await server.Services.GetRequiredService<IRoutingStore>().GetSessionAsync(id) ?? throw new AssertionException("no session " + id);

    protected static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Everything one operator-hub connection received.</summary>
    protected sealed class Console
    {
        public HubConnection Connection { get; }
        public ConcurrentQueue<OfferDto> Offers { get; } = new();
        public ConcurrentQueue<OfferRevokedDto> Revoked { get; } = new();
        public ConcurrentQueue<DeadlineWarningDto> Warnings { get; } = new();
        public ConcurrentQueue<DeadlineBreachedDto> Breaches { get; } = new();

        public Console(HubConnection connection)
        {
            Connection = connection;
            connection.On<OfferDto>("Offer", Offers.Enqueue);
            connection.On<OfferRevokedDto>("OfferRevoked", Revoked.Enqueue);
            connection.On<DeadlineWarningDto>("DeadlineWarning", Warnings.Enqueue);
            connection.On<DeadlineBreachedDto>("DeadlineBreached", Breaches.Enqueue);
        }
    }
}
