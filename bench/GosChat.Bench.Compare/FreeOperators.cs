using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

/// <summary>
/// Operators signed in (bench0, bench1, …), available, and accepting every offer as soon as it arrives, over real
/// WebSockets with the SignalR .NET client; and the citizens who start sessions with them. Records when each offer
/// and each relayed message arrived at an operator.
/// </summary>
public sealed class FreeOperators : IAsyncDisposable
{
    /// <summary>What every benchmark citizen asks for: queue 101, in Russian.</summary>
    public static readonly object StartRequest = new { topic = "101", text = "Не приходит СМС-код для входа", language = "ru" };

    private readonly ServerProcess _server;
    private readonly List<HubConnection> _connections = [];

    private FreeOperators(ServerProcess server) => _server = server;

    /// <summary>Session id → when its offer arrived (timestamp).</summary>
    public ConcurrentDictionary<string, long> OfferedAt { get; } = new();

    /// <summary>Session ids whose offer was accepted.</summary>
    public ConcurrentDictionary<string, bool> Accepted { get; } = new();

    /// <summary>Client message id → when the message arrived at an operator (timestamp).</summary>
    public ConcurrentDictionary<string, long> ReceivedAt { get; } = new();

    /// <summary>Signs in operators bench0 … bench<c>count − 1</c> (HTTP), connects them and makes them available.</summary>
    public static async Task<FreeOperators> SignInAsync(ServerProcess server, int count)
    {
        var desk = new FreeOperators(server);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < count; i++)
        {
            var login = await http.PostAsJsonAsync("api/auth/login", new { login = $"bench{i}", password = Workload.Password });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            var op = Connect(server, "hubs/operator", token);
            op.On<JsonElement>("Offer", offer =>
            {
                var sessionId = offer.GetProperty("sessionId").GetString()!;
                desk.OfferedAt.TryAdd(sessionId, Stopwatch.GetTimestamp());
                _ = desk.AcceptAsync(op, offer.GetProperty("offerId").GetString()!, sessionId);
            });
            op.On<JsonElement>("Message", m =>
            {
                if (m.TryGetProperty("clientMessageId", out var id) && id.ValueKind == JsonValueKind.String)
                    desk.ReceivedAt.TryAdd(id.GetString()!, Stopwatch.GetTimestamp());
            });
            await op.StartAsync();
            await op.InvokeAsync("SetPresence", "available");
            desk._connections.Add(op);
        }
        return desk;
    }

    /// <summary>
    /// A fresh process's first starts, offers, messages and closes run cold code (JIT, first storage and job-store
    /// calls): <paramref name="conversations"/> whole conversations (start, offer, accept, a message, close) run first,
    /// so the measured figures are the steady state. What they recorded is forgotten.
    /// </summary>
    public async Task WarmUpAsync(int conversations = Workload.WarmUpConversations)
    {
        for (var i = 0; i < conversations; i++)
        {
            var citizen = Connect(_server, "hubs/chat", null);
            await citizen.StartAsync();
            _connections.Add(citizen);
            var started = await citizen.InvokeAsync<JsonElement>("StartSession", StartRequest);
            var sessionId = started.GetProperty("sessionId").GetString()!;
            await WaitAsync(() => Accepted.ContainsKey(sessionId), TimeSpan.FromSeconds(60), "a warm-up session accepted");
            var id = $"warm-{i}";
            await citizen.InvokeAsync<JsonElement>("SendMessage", "Прогрев", id);
            await WaitAsync(() => ReceivedAt.ContainsKey(id), TimeSpan.FromSeconds(60), "a warm-up message delivered");
            await citizen.InvokeAsync("CloseSession");
        }
        Forget();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the closes free their operators
    }

    /// <summary>Forgets what was recorded so far (a warm-up's offers, acceptances and messages).</summary>
    public void Forget()
    {
        OfferedAt.Clear();
        ReceivedAt.Clear();
        Accepted.Clear();
    }

    /// <summary>Connects <paramref name="count"/> citizens to the chat hub, each on a WebSocket of its own.</summary>
    public Task<List<HubConnection>> ConnectCitizensAsync(int count) => ConnectCitizensAsync(_server, count, _connections);

    /// <summary>
    /// Connects <paramref name="count"/> citizens to the chat hub, each on a WebSocket of its own, eight at a time; each
    /// is added to <paramref name="owner"/> (under its lock) before it connects, so the owner disposes of it whatever happens.
    /// </summary>
    public static async Task<List<HubConnection>> ConnectCitizensAsync(ServerProcess server, int count, List<HubConnection> owner)
    {
        var citizens = new HubConnection[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            citizens[i] = Connect(server, "hubs/chat", null);
            lock (owner) owner.Add(citizens[i]);
            await citizens[i].StartAsync();
        });
        return [.. citizens];
    }

    /// <summary>
    /// Each citizen starts a session, at <paramref name="perSecond"/>; waits until every one is accepted. Returns the
    /// time from each StartSession call to its offer's arrival at the operator. With <paramref name="waves"/> above one,
    /// every wave but the last is closed again (which frees the operators for the next), the next wave starts once the
    /// server has drained the work the closes left (<see cref="ServerProcess.DrainAsync"/>), and the figures cover them all.
    /// </summary>
    public async Task<Stats> StartSessionsAsync(IReadOnlyList<HubConnection> citizens, double perSecond, int waves = 1)
    {
        var startedAt = new ConcurrentDictionary<string, long>();
        for (var wave = 1; ; wave++)
        {
            var sessions = new ConcurrentBag<string>();
            await Paced.RunAsync(citizens.Count, perSecond, async i =>
            {
                var t0 = Stopwatch.GetTimestamp();
                var started = await citizens[i].InvokeAsync<JsonElement>("StartSession", StartRequest);
                var sessionId = started.GetProperty("sessionId").GetString()!;
                startedAt[sessionId] = t0;
                sessions.Add(sessionId);
            });
            await WaitAsync(() => sessions.All(Accepted.ContainsKey), TimeSpan.FromSeconds(60), "every session accepted");
            if (wave >= waves) break;
            await Task.WhenAll(citizens.Select(c => c.InvokeAsync("CloseSession")));
            // The closes free their operators; the next wave starts on a server that is done with them (their jobs too).
            await Task.Delay(TimeSpan.FromSeconds(1));
            await _server.DrainAsync(TimeSpan.FromSeconds(1));
        }
        if (Environment.GetEnvironmentVariable("GOSCHAT_BENCH_DUMP_STARTS") is { Length: > 0 } dump)
        {
            var first = startedAt.Values.Min();
            File.AppendAllLines(dump, startedAt.OrderBy(kv => kv.Value).Select(kv =>
                $"{Stopwatch.GetElapsedTime(first, kv.Value).TotalMilliseconds:F1} {Stopwatch.GetElapsedTime(kv.Value, OfferedAt[kv.Key]).TotalMilliseconds:F2}"));
        }
        return Stats.Of(startedAt.Select(kv => Stopwatch.GetElapsedTime(kv.Value, OfferedAt[kv.Key]).TotalMilliseconds));
    }

    private async Task AcceptAsync(HubConnection op, string offerId, string sessionId)
    {
        await op.InvokeAsync<JsonElement>("AcceptOffer", offerId);
        Accepted[sessionId] = true;
    }

    public static HubConnection Connect(ServerProcess server, string hub, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, hub), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {what}.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<HubConnection> all;
        lock (_connections) all = [.. _connections];
        await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask()));
    }
}
