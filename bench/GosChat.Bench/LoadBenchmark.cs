using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GosChat.Server.Auth;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench;

/// <summary>Latency figures of one run of the workload on one store.</summary>
public sealed record RunResult(string Store, Stats Start, Stats Offer, Stats Delivery, double MessagesPerSecond, double BytesPerSession, TimeSpan Elapsed);

public sealed record Stats(double P50, double P95, double P99, int Count)
{
    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) return new Stats(0, 0, 0, 0);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Stats(At(0.50), At(0.95), At(0.99), sorted.Length);
    }
}

/// <summary>
/// The workload: operators sign in and auto-accept every offer; citizens start sessions at once; each session
/// exchanges messages citizen → operator. Measured: StartSession round trip, time from start to the operator's
/// offer, and citizen → operator message delivery; throughput of delivered messages; managed memory per session.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        // One warm-up pass so JIT and connection set-up do not count against the first store measured.
        await RunOnceAsync("warm-up", null, options with { Citizens = 20, Operators = 5, MessagesPerSession = 2 });
        var embedded = await RunOnceAsync("embedded", null, options);
        using var redis = RedisServer.Start();
        var onRedis = await RunOnceAsync("redis", redis.ConnectionString, options);
        return Format(options, embedded, onRedis);
    }

    private static async Task<RunResult> RunOnceAsync(string name, string? redis, BenchOptions options)
    {
        var hash = OperatorDirectory.HashPassword("bench");
        var settings = new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:05:00", ["GosChat:LoginAttemptsPerMinute"] = "10000" };
        for (var i = 0; i < options.Operators; i++)
        {
            settings[$"Operators:{i}:Login"] = $"bench{i}";
            settings[$"Operators:{i}:Name"] = $"Bench {i}";
            settings[$"Operators:{i}:PasswordHash"] = hash;
            settings[$"Operators:{i}:Queues:0"] = "101";
            settings[$"Operators:{i}:Languages:0"] = "ru";
            settings[$"Operators:{i}:MaxChats"] = "3";
        }
        await using var server = await GosChatServer.StartAsync(redis, settings, environment: "Production");
        var operators = new List<HubConnection>();
        var offeredAt = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentDictionary<string, long>();
        foreach (var i in Enumerable.Range(0, options.Operators))
        {
            var op = await server.OperatorAsync($"bench{i}", "bench");
            op.On<OfferDto>("Offer", offer =>
            {
                offeredAt.TryAdd(offer.SessionId, Stopwatch.GetTimestamp());
                _ = op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
            });
            op.On<MessageDto>("Message", m => { if (m.ClientMessageId is { } id) received.TryAdd(id, Stopwatch.GetTimestamp()); });
            await op.InvokeAsync("SetPresence", "available");
            operators.Add(op);
        }

        var citizens = new List<HubConnection>();
        for (var i = 0; i < options.Citizens; i++) citizens.Add(await server.CitizenAsync());

        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var memoryBefore = GC.GetTotalMemory(true);
        var total = Stopwatch.StartNew();
        var startLatency = new ConcurrentBag<double>();
        var startedAt = new ConcurrentDictionary<string, long>();
        var sessions = await Task.WhenAll(citizens.Select(async c =>
        {
            var t0 = Stopwatch.GetTimestamp();
            var s = await c.InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest("101", "Не приходит СМС-код для входа", "ru", null, null, null, null, null));
            startedAt[s.SessionId] = t0;
            startLatency.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            return (c, s);
        }));

        // Only as many sessions as operators can hold become active; the benchmark talks in those.
        var capacity = Math.Min(options.Citizens, options.Operators * 3);
        await Eventually.TrueAsync(async () =>
            (await server.Centre.Store.LoadSnapshotAsync()).Operators.Sum(o => o.Work.Count) >= capacity, TimeSpan.FromMinutes(2));
        var active = new HashSet<string>((await server.Centre.Store.LoadSnapshotAsync()).Operators.SelectMany(o => o.Work.Select(w => w.SessionId)));

        var sentAt = new ConcurrentDictionary<string, long>();
        var sendWatch = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Where(x => active.Contains(x.s.SessionId)).Select(async x =>
        {
            for (var m = 0; m < options.MessagesPerSession; m++)
            {
                var id = $"{x.s.SessionId}-{m}";
                sentAt[id] = Stopwatch.GetTimestamp();
                await x.c.InvokeAsync<SendResult>("SendMessage", $"Сообщение {m}: номер заявления 12345678", id);
            }
        }));
        await Eventually.TrueAsync(() => sentAt.Keys.All(received.ContainsKey), TimeSpan.FromMinutes(2));
        var sendSeconds = sendWatch.Elapsed.TotalSeconds;
        total.Stop();
        var memoryAfter = GC.GetTotalMemory(true);

        var offerLatency = offeredAt.Where(kv => startedAt.ContainsKey(kv.Key))
            .Select(kv => Stopwatch.GetElapsedTime(startedAt[kv.Key], kv.Value).TotalMilliseconds);
        var delivery = sentAt.Where(kv => received.ContainsKey(kv.Key))
            .Select(kv => Stopwatch.GetElapsedTime(kv.Value, received[kv.Key]).TotalMilliseconds);
        var result = new RunResult(name, Stats.Of(startLatency), Stats.Of(offerLatency), Stats.Of(delivery),
            received.Count / Math.Max(0.001, sendSeconds), (memoryAfter - memoryBefore) / (double)options.Citizens, total.Elapsed);

        foreach (var c in citizens) await c.DisposeAsync();
        foreach (var o in operators) await o.DisposeAsync();
        return result;
    }

    private static string Format(BenchOptions o, RunResult embedded, RunResult redis)
    {
        static string R(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("# GosChat load benchmark");
        sb.AppendLine();
        sb.AppendLine($"Workload: {o.Citizens} citizens start a session at once on queue 101; {o.Operators} operators (3 chats each) " +
                      $"auto-accept offers; each active session sends {o.MessagesPerSession} messages citizen → operator. " +
                      "Real server on Kestrel at 127.0.0.1, real WebSockets, one process, 2-core machine.");
        sb.AppendLine();
        sb.AppendLine("Figures are ratios of the Redis run to the embedded-store run of the same invocation (1.00 = same; above 1 = Redis slower or larger).");
        sb.AppendLine();
        sb.AppendLine("| measure | redis ÷ embedded |");
        sb.AppendLine("| --- | --- |");
        sb.AppendLine($"| StartSession round trip, p50 | {R(redis.Start.P50, embedded.Start.P50)} |");
        sb.AppendLine($"| StartSession round trip, p99 | {R(redis.Start.P99, embedded.Start.P99)} |");
        sb.AppendLine($"| start → offer at the operator, p50 | {R(redis.Offer.P50, embedded.Offer.P50)} |");
        sb.AppendLine($"| start → offer at the operator, p99 | {R(redis.Offer.P99, embedded.Offer.P99)} |");
        sb.AppendLine($"| message citizen → operator, p50 | {R(redis.Delivery.P50, embedded.Delivery.P50)} |");
        sb.AppendLine($"| message citizen → operator, p99 | {R(redis.Delivery.P99, embedded.Delivery.P99)} |");
        sb.AppendLine($"| delivered messages per second (embedded ÷ redis) | {R(embedded.MessagesPerSecond, redis.MessagesPerSecond)} |");
        sb.AppendLine($"| server managed memory per session | {R(redis.BytesPerSession, embedded.BytesPerSession)} |");
        sb.AppendLine();
        sb.AppendLine("Within one store (same run):");
        sb.AppendLine();
        sb.AppendLine("| measure | embedded | redis |");
        sb.AppendLine("| --- | --- | --- |");
        sb.AppendLine($"| message delivery p99 ÷ p50 | {R(embedded.Delivery.P99, embedded.Delivery.P50)} | {R(redis.Delivery.P99, redis.Delivery.P50)} |");
        sb.AppendLine($"| start → offer p50 ÷ StartSession p50 | {R(embedded.Offer.P50, embedded.Start.P50)} | {R(redis.Offer.P50, redis.Start.P50)} |");
        sb.AppendLine($"| samples (starts / offers / messages) | {embedded.Start.Count} / {embedded.Offer.Count} / {embedded.Delivery.Count} | {redis.Start.Count} / {redis.Offer.Count} / {redis.Delivery.Count} |");
        sb.AppendLine();
        sb.AppendLine("Regenerate: `dotnet run -c Release --project bench/GosChat.Bench -- --citizens 150 --operators 50 --messages 5`.");
        return sb.ToString();
    }
}
