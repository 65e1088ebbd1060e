using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

public sealed record WorkloadOptions(int Pairs, TimeSpan RelayTime, double StartsPerSecond, int MessageLength);

public sealed record WorkloadResult(Stats StartToOffer, Stats Delivery, double DeliveredPerSecond, double ServerCpuMicrosPerMessage);

/// <summary>
/// The workload, over real WebSockets with the SignalR .NET client: <c>Pairs</c> operators (one chat each) sign
/// in and auto-accept; as many citizens start sessions at a fixed pace (start → offer at the operator is
/// measured); then every citizen sends messages of <c>MessageLength</c> characters in a closed loop for
/// <c>RelayTime</c> (send → arrival at the operator, and delivered messages per second, are measured).
/// </summary>
public static class Workload
{
    public const string Password = "bench-password";

    /// <summary>Whole conversations (start, offer, accept, a message, close) run before anything is measured.</summary>
    public const int WarmUpConversations = 20;

    public static async Task<WorkloadResult> RunAsync(ServerProcess server, WorkloadOptions o)
    {
        var offeredAt = new ConcurrentDictionary<string, long>();
        var accepted = new ConcurrentDictionary<string, bool>();
        var receivedAt = new ConcurrentDictionary<string, long>();
        var connections = new List<HubConnection>();
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            for (var i = 0; i < o.Pairs; i++)
            {
                var login = await http.PostAsJsonAsync("api/auth/login", new { login = $"bench{i}", password = Password });
                login.EnsureSuccessStatusCode();
                var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
                var op = Connect(server, "hubs/operator", token);
                op.On<JsonElement>("Offer", offer =>
                {
                    var sessionId = offer.GetProperty("sessionId").GetString()!;
                    offeredAt.TryAdd(sessionId, Stopwatch.GetTimestamp());
                    _ = AcceptAsync(op, offer.GetProperty("offerId").GetString()!, sessionId, accepted);
                });
                op.On<JsonElement>("Message", m =>
                {
                    if (m.TryGetProperty("clientMessageId", out var id) && id.ValueKind == JsonValueKind.String)
                        receivedAt.TryAdd(id.GetString()!, Stopwatch.GetTimestamp());
                });
                await op.StartAsync();
                await op.InvokeAsync("SetPresence", "available");
                connections.Add(op);
            }

            // Warm-up: a fresh process's first starts, offers, messages and closes run cold code (JIT, first storage
            // and job-store calls); a few whole conversations first, so the measured figures are the steady state.
            var warmUp = new List<HubConnection>();
            for (var i = 0; i < WarmUpConversations; i++)
            {
                var citizen = Connect(server, "hubs/chat", null);
                await citizen.StartAsync();
                connections.Add(citizen);
                warmUp.Add(citizen);
                var started = await citizen.InvokeAsync<JsonElement>("StartSession",
                    new { topic = "101", text = "Не приходит СМС-код для входа", language = "ru" });
                var sessionId = started.GetProperty("sessionId").GetString()!;
                await WaitAsync(() => accepted.ContainsKey(sessionId), TimeSpan.FromSeconds(60), "a warm-up session accepted");
                var id = $"warm-{i}";
                await citizen.InvokeAsync<JsonElement>("SendMessage", "Прогрев", id);
                await WaitAsync(() => receivedAt.ContainsKey(id), TimeSpan.FromSeconds(60), "a warm-up message delivered");
                await citizen.InvokeAsync("CloseSession");
            }
            offeredAt.Clear();
            receivedAt.Clear();
            accepted.Clear();
            await Task.Delay(TimeSpan.FromSeconds(1)); // the closes free their operators

            var citizens = new List<HubConnection>();
            for (var i = 0; i < o.Pairs; i++)
            {
                var citizen = Connect(server, "hubs/chat", null);
                await citizen.StartAsync();
                citizens.Add(citizen);
                connections.Add(citizen);
            }

            // Starts at a fixed pace, with free operators.
            var startedAt = new ConcurrentDictionary<string, long>();
            var pace = TimeSpan.FromSeconds(1 / o.StartsPerSecond);
            var clock = Stopwatch.StartNew();
            var starts = new List<Task>();
            for (var i = 0; i < citizens.Count; i++)
            {
                var due = pace * i;
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
                var citizen = citizens[i];
                starts.Add(Task.Run(async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var started = await citizen.InvokeAsync<JsonElement>("StartSession",
                        new { topic = "101", text = "Не приходит СМС-код для входа", language = "ru" });
                    startedAt[started.GetProperty("sessionId").GetString()!] = t0;
                }));
            }
            await Task.WhenAll(starts);
            await WaitAsync(() => accepted.Count >= o.Pairs, TimeSpan.FromSeconds(60), "every session accepted");

            // The relay: each citizen sends in a closed loop.
            var text = new string('я', o.MessageLength);
            var sentAt = new ConcurrentDictionary<string, long>();
            var cpuBefore = server.CpuTime;
            var relay = Stopwatch.StartNew();
            await Task.WhenAll(citizens.Select((citizen, c) => Task.Run(async () =>
            {
                for (var n = 0; relay.Elapsed < o.RelayTime; n++)
                {
                    var id = $"c{c}-{n}";
                    sentAt[id] = Stopwatch.GetTimestamp();
                    await citizen.InvokeAsync<JsonElement>("SendMessage", text, id);
                }
            })));
            await WaitAsync(() => sentAt.Keys.All(receivedAt.ContainsKey), TimeSpan.FromSeconds(60), "every message delivered");
            var seconds = relay.Elapsed.TotalSeconds;
            var cpu = server.CpuTime - cpuBefore;

            var offers = offeredAt.Where(kv => startedAt.ContainsKey(kv.Key))
                .Select(kv => Stopwatch.GetElapsedTime(startedAt[kv.Key], kv.Value).TotalMilliseconds);
            var delivery = sentAt.Select(kv => Stopwatch.GetElapsedTime(kv.Value, receivedAt[kv.Key]).TotalMilliseconds);
            return new WorkloadResult(Stats.Of(offers), Stats.Of(delivery), sentAt.Count / seconds,
                cpu.TotalMicroseconds / Math.Max(1, sentAt.Count));
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task AcceptAsync(HubConnection op, string offerId, string sessionId, ConcurrentDictionary<string, bool> accepted)
    {
        await op.InvokeAsync<JsonElement>("AcceptOffer", offerId);
        accepted[sessionId] = true;
    }

    private static HubConnection Connect(ServerProcess server, string hub, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, hub), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {what}.");
            await Task.Delay(20);
        }
    }
}

public sealed record Stats(double P50, double P99, int Count)
{
    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) return new Stats(0, 0, 0);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Stats(At(0.50), At(0.99), sorted.Length);
    }
}
