using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.TestSupport;

namespace GosChat.Bench.Compare;

/// <summary>One path measured: the bare hub or GosChat on a store, with a number of pairs.</summary>
public sealed record CapacityTarget(string Key, string Name, string Kind, int Pairs);

public sealed record CapacityOptions(int Pairs, int LargePairs, int MessageLength, double StartRate, TimeSpan WarmUp, TimeSpan Step,
    TimeSpan Hold, double Precision, double P99BoundMs, bool Quick);

/// <summary>The highest rate held (null when none was), its confirming step, and every step tried on the way.</summary>
public sealed record CapacityResult(CapacityTarget Target, StepResult? Confirmed, IReadOnlyList<StepResult> Steps, string? Note);

/// <summary>
/// Relay capacity: for each target, N citizen → operator pairs are set up (GosChat: operators sign in and accept the
/// offers of N started sessions; the bare hub: pairs by a token on connect), then messages are sent open-loop at a
/// rate, paced in ~1 ms batches, by <see cref="LeanHubClient"/>s. After a warm-up, the rate doubles from the start
/// rate while p99 delivery ≤ the bound, then bisects between the last rate held and the first missed, and the rate
/// found must hold again for the hold period (else it steps down by 10 %, up to three times).
/// </summary>
public static class Capacity
{
    public static IReadOnlyList<CapacityTarget> Targets(CapacityOptions o) =>
    [
        new("bare", "bare SignalR relay", "bare", o.Pairs),
        new("embedded", "GosChat, embedded store", "embedded", o.Pairs),
        new("redis1", "GosChat, Redis, one node", "redis1", o.Pairs),
        new("redis2", "GosChat, Redis, two nodes (citizens on A, operators on B)", "redis2", o.Pairs),
        new("bare-large", $"bare SignalR relay, {o.LargePairs} pairs", "bare", o.LargePairs),
        new("embedded-large", $"GosChat, embedded store, {o.LargePairs} pairs", "embedded", o.LargePairs),
    ];

    /// <summary>Where the search stands: the highest rate held and the lowest missed so far.</summary>
    private sealed class Bounds
    {
        public double Good;
        public double Bad = double.PositiveInfinity;
    }

    private sealed class BrokenRunException(string why) : Exception(why);

    public static async Task<CapacityResult> RunAsync(CapacityTarget target, ServerBuild bare, ServerBuild gosChat,
        IReadOnlyDictionary<string, string> settings, CapacityOptions o)
    {
        // A step far past capacity can end connections (a server cuts a client that stays behind, or the driver falls
        // behind reading): that step counts as missed, and the search goes on with fresh processes and pairs.
        var steps = new List<StepResult>();
        var bounds = new Bounds();
        var notes = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var confirmed = await AttemptAsync(target, bare, gosChat, settings, o, bounds, steps);
                return new CapacityResult(target, confirmed, steps, notes.Count == 0 ? null : string.Join("; ", notes));
            }
            catch (BrokenRunException e)
            {
                notes.Add(e.Message);
                Console.WriteLine($"  [{target.Key}] {e.Message}");
                if (attempt == (o.Quick ? 2 : 3)) return new CapacityResult(target, null, steps, string.Join("; ", notes));
            }
        }
    }

    private static async Task<StepResult?> AttemptAsync(CapacityTarget target, ServerBuild bare, ServerBuild gosChat,
        IReadOnlyDictionary<string, string> settings, CapacityOptions o, Bounds bounds, List<StepResult> steps)
    {
        var setUp = Stopwatch.StartNew();
        using var redis = target.Kind.StartsWith("redis", StringComparison.Ordinal) ? RedisServer.Start() : null;
        var nodes = new List<ServerProcess>();
        var clients = new List<LeanHubClient>();
        try
        {
            var build = target.Kind == "bare" ? bare : gosChat;
            for (var i = 0; i < (target.Kind == "redis2" ? 2 : 1); i++)
                nodes.Add(await ServerProcess.StartAsync(build, redis?.ConnectionString, core: 0, settings));
            TimeSpan ServerCpu() => nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime);
            var started = setUp.Elapsed;

            var (citizens, operators) = target.Kind == "bare"
                ? await PairBareAsync(nodes[0], target.Pairs)
                : await PairGosChatAsync(nodes[0], nodes[^1], target.Pairs);
            clients.AddRange(citizens);
            clients.AddRange(operators);

            var load = new RelayLoad(citizens, operators, o.MessageLength, ServerCpu);
            var warmRate = bounds.Good > 0 ? bounds.Good / 2 : o.StartRate;
            Console.WriteLine($"  [{target.Key}] {target.Pairs} pairs ready (servers up in {started.TotalSeconds:0.0} s, pairs in {(setUp.Elapsed - started).TotalSeconds:0.0} s); warm-up {o.WarmUp.TotalSeconds:0} s at {warmRate:0}/s");
            await load.RunStepAsync(warmRate, o.WarmUp);
            await load.SettleAsync(TimeSpan.FromSeconds(15));
            return await SearchAsync(load, o, target.Key, steps, bounds, () =>
            {
                if (nodes.FirstOrDefault(n => n.HasExited) is not null) return "a server process exited";
                var ended = clients.Where(c => c.Closed is not null).ToList();
                return ended.Count == 0 ? null
                    : $"{ended.Count} connection(s) ({ended.Count(operators.Contains)} operators) ended: " +
                      string.Join(" / ", ended.Select(c => c.Closed).Distinct().Take(3));
            });
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static async Task<StepResult?> SearchAsync(RelayLoad load, CapacityOptions o, string key, List<StepResult> steps, Bounds b,
        Func<string?> broken)
    {
        static double Round(double rate) => Math.Max(125, Math.Round(rate / 125) * 125);
        async Task<bool> Held(double rate, TimeSpan duration)
        {
            var r = await load.RunStepAsync(rate, duration);
            steps.Add(r);
            var held = r.Held(o.P99BoundMs);
            Console.WriteLine($"  [{key}] {rate,8:0}/s for {duration.TotalSeconds:0} s: p50 {r.P50:0.0} ms, p99 {r.P99:0.0} ms, " +
                              $"{r.Delivered}/{r.Sent} delivered, server {r.ServerCpuMicrosPerMessage:0.0} µs/msg, driver {r.DriverCpuShare:P0} → {(held ? "held" : "missed")}");
            if (broken() is not null)
            {
                await Task.Delay(1000); // the receive loops see what the sends saw
                var why = broken();
                b.Bad = Math.Min(b.Bad, rate);
                if (b.Good >= rate) b.Good = Round(rate * 0.9);
                throw new BrokenRunException($"at {rate:0}/s {why}");
            }
            await load.SettleAsync(TimeSpan.FromSeconds(15));
            return held;
        }

        // On a shared machine a burst from another process can fail one step: outside --quick, a missed step is run once
        // more and counts as missed only if it misses again.
        async Task<bool> Step(double rate, TimeSpan duration) =>
            await Held(rate, duration) || (!o.Quick && await Held(rate, duration));

        // Ramp ×2 while held.
        if (double.IsPositiveInfinity(b.Bad))
            for (var rate = b.Good > 0 ? b.Good * 2 : o.StartRate; ; rate *= 2)
            {
                if (await Step(rate, o.Step)) b.Good = rate;
                else
                {
                    b.Bad = rate;
                    break;
                }
            }
        // The start rate missed: halve down.
        while (b.Good == 0 && b.Bad > 125)
        {
            var rate = Round(b.Bad / 2);
            if (await Step(rate, o.Step)) b.Good = rate;
            else b.Bad = rate;
        }
        if (b.Good == 0) return null;
        // Bisect.
        while ((b.Bad - b.Good) / b.Good > o.Precision)
        {
            var mid = Round((b.Good + b.Bad) / 2);
            if (mid <= b.Good || mid >= b.Bad) break;
            if (await Step(mid, o.Step)) b.Good = mid;
            else b.Bad = mid;
        }
        // A hold no longer than a step (--quick) would run the step that found the rate again: that step confirms it.
        if (o.Hold <= o.Step && steps.LastOrDefault(s => s.Rate == b.Good && s.Held(o.P99BoundMs)) is { } found) return found;
        // Confirm for the hold period, stepping down 10 % at a time.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await Step(b.Good, o.Hold)) return steps[^1];
            b.Bad = b.Good;
            b.Good = Round(b.Good * 0.9);
        }
        return null;
    }

    private static async Task<(List<LeanHubClient> Citizens, List<LeanHubClient> Operators)> PairBareAsync(ServerProcess node, int pairs)
    {
        var operators = new List<LeanHubClient>();
        var citizens = new List<LeanHubClient>();
        for (var i = 0; i < pairs; i++)
            operators.Add(await LeanHubClient.ConnectAsync(new Uri(node.BaseAddress, $"hubs/operator?pair={i}"), null));
        for (var i = 0; i < pairs; i++)
            citizens.Add(await LeanHubClient.ConnectAsync(new Uri(node.BaseAddress, $"hubs/chat?pair={i}"), null));
        // Every pair relays once before the load starts (and proves the pairing).
        foreach (var c in citizens)
            if (!(await c.InvokeAsync("SendMessage", "hello", "setup")).GetProperty("delivered").GetBoolean())
                throw new InvalidOperationException("the bare hub did not find a citizen's operator");
        return (citizens, operators);
    }

    /// <summary>Operators sign in on <paramref name="operatorNode"/> and accept the sessions citizens start on <paramref name="citizenNode"/>.</summary>
    private static async Task<(List<LeanHubClient> Citizens, List<LeanHubClient> Operators)> PairGosChatAsync(
        ServerProcess citizenNode, ServerProcess operatorNode, int pairs)
    {
        var accepted = new ConcurrentDictionary<string, bool>();
        var failures = new ConcurrentQueue<string>();
        var operators = new List<LeanHubClient>();
        using var http = new HttpClient { BaseAddress = operatorNode.BaseAddress };
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var login = await http.PostAsJsonAsync("api/auth/login", new { login = $"bench{i}", password = Workload.Password });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            var op = await LeanHubClient.ConnectAsync(new Uri(operatorNode.BaseAddress, "hubs/operator"), token);
            op.On("Offer", offer => _ = Task.Run(async () =>
            {
                try
                {
                    await op.InvokeAsync("AcceptOffer", offer.GetProperty("offerId").GetString());
                    accepted[offer.GetProperty("sessionId").GetString()!] = true;
                }
                catch (InvalidOperationException e)
                {
                    failures.Enqueue(e.Message);
                }
            }));
            await op.InvokeAsync("SetPresence", "available");
            lock (operators) operators.Add(op);
        });

        var citizens = new List<LeanHubClient>();
        for (var i = 0; i < pairs; i++)
            citizens.Add(await LeanHubClient.ConnectAsync(new Uri(citizenNode.BaseAddress, "hubs/chat"), null));
        await Parallel.ForEachAsync(citizens, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
        {
            await c.InvokeAsync("StartSession", FreeOperators.StartRequest);
        });
        var watch = Stopwatch.StartNew();
        while (accepted.Count < pairs)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120))
                throw new TimeoutException($"{accepted.Count} of {pairs} sessions accepted in 120 s; {string.Join("; ", failures.Take(3))}");
            await Task.Delay(50);
        }
        return (citizens, operators);
    }
}
