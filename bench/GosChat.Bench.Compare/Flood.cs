using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace GosChat.Bench.Compare;

public sealed record FloodOptions(int Neighbours, double SendsPerSecond, TimeSpan Phase, int Rounds, int FloodLength, string? TracePath = null);

/// <summary>What one store showed: the neighbours' SendMessage round trips in the quiet and the flooded phases.</summary>
public sealed record FloodResult(
    Stats Quiet, Stats Flooded, IReadOnlyList<(Stats Quiet, Stats Flooded)> PerRound,
    int NeighbourErrors, double QuietCpuShare, double FloodCpuShare,
    int FloodConnections, int RefusedConnects, int RefusedTakeUps, long FramesWritten, double MedianCutMs);

/// <summary>
/// <c>--workload flood</c>: does one visitor flooding the citizen hub cost the others anything? One build of GosChat
/// runs on the abuse limits it ships with (only the deadlines and the calendar are moved out of the way, as in every
/// workload). <c>Neighbours</c> citizens, each from an address of its own (127.0.1.x), hold a conversation each and
/// send a short message at <c>SendsPerSecond</c> on a fixed schedule (open loop: a slow reply does not hold back the
/// next send); every SendMessage round trip is timed at the client. Quiet and flooded phases of <c>Phase</c> alternate
/// for <c>Rounds</c> rounds. In a flooded phase one visitor from 127.0.0.2 floods without a pause: it connects, takes
/// up its conversation (started once, then resumed), writes SendMessage frames of <c>FloodLength</c> characters back to
/// back until the server cuts it off, and connects again at once — a persistent flooder, not a single burst. The
/// figure is the neighbours' p99 in the flooded phases ÷ their p99 in the quiet ones (target ≤ 1.5), pooled over the
/// rounds, with each round's own ratio beside it. The flooder runs in a process of its own at the lowest CPU priority
/// (<see cref="FlooderProcess"/>): on separate machines its own client work (connecting, failing, writing) would not
/// delay the neighbours' clients, and here it shares their core. With <c>TracePath</c>, the phases, the flooder's
/// connections, cuts and refusals and every neighbour's send slower than the quiet p99 go to that file in time order.
/// </summary>
public static class Flood
{
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");

    public static async Task<FloodResult> RunAsync(ServerProcess server, FloodOptions o)
    {
        var hub = new Uri(server.BaseAddress, "hubs/chat");
        var neighbours = new List<LeanHubClient>();
        var samples = new ConcurrentBag<(int Phase, double Ms, double EndedAt)>();
        var run = Stopwatch.StartNew();
        var events = new List<(double At, string What)>();
        var errors = 0;
        await using var flooder = FlooderProcess.Start();
        try
        {
            for (var i = 0; i < o.Neighbours; i++)
            {
                var c = await LeanHubClient.ConnectAsync(hub, null, IPAddress.Parse($"127.0.1.{i + 1}"));
                await c.InvokeAsync("StartSession", FreeOperators.StartRequest);
                neighbours.Add(c);
            }

            // Phase -1 warms up (not measured); then 2r is quiet and 2r+1 flooded, for round r.
            var phase = -1;
            using var stopSending = new CancellationTokenSource();
            var sending = neighbours.Select((c, i) => SendLoopAsync(c, i, o, () => phase, run, samples, () => Interlocked.Increment(ref errors), stopSending.Token)).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(5));

            var cpu = new double[2 * o.Rounds];
            var flood = new FloodTally();
            string? resumeToken = null;
            for (var p = 0; p < 2 * o.Rounds; p++)
            {
                var before = server.CpuTime;
                var watch = Stopwatch.StartNew();
                Volatile.Write(ref phase, p);
                events.Add((run.Elapsed.TotalMilliseconds, $"phase {p} ({(p % 2 == 1 ? "flooded" : "quiet")})"));
                if (p % 2 == 1)
                {
                    var from = run.Elapsed.TotalMilliseconds;
                    (resumeToken, var tally) = await flooder.FloodAsync(hub, o.Phase, o.FloodLength, resumeToken);
                    flood.Add(tally);
                    events.AddRange(tally.Events.Select(e => (from + e.At, "flooder: " + e.What)));
                }
                else await Task.Delay(o.Phase);
                cpu[p] = (server.CpuTime - before).TotalSeconds / watch.Elapsed.TotalSeconds;
            }
            Volatile.Write(ref phase, -2);
            await stopSending.CancelAsync();
            await Task.WhenAll(sending);

            var all = samples.ToArray();
            Stats Of(Func<int, bool> which) => Stats.Of(all.Where(s => s.Phase >= 0 && which(s.Phase)).Select(s => s.Ms));
            if (o.TracePath is { } path)
            {
                var quietP99 = Of(p => p % 2 == 0).P99;
                File.WriteAllLines(path, all.Where(s => s.Phase >= 0 && s.Ms > quietP99)
                    .Select(s => (At: s.EndedAt - s.Ms, What: $"send (phase {s.Phase}) took {s.Ms:0.00} ms"))
                    .Concat(events).OrderBy(e => e.At).Select(e => $"{e.At,9:0} ms  {e.What}"));
            }
            var perRound = Enumerable.Range(0, o.Rounds).Select(r => (Of(p => p == 2 * r), Of(p => p == 2 * r + 1))).ToList();
            var cuts = flood.CutMs.OrderBy(x => x).ToArray();
            return new FloodResult(Of(p => p % 2 == 0), Of(p => p % 2 == 1), perRound, errors,
                cpu.Where((_, i) => i % 2 == 0).Average(), cpu.Where((_, i) => i % 2 == 1).Average(),
                flood.Connections, flood.RefusedConnects, flood.RefusedTakeUps, flood.Frames, cuts.Length == 0 ? 0 : cuts[cuts.Length / 2]);
        }
        finally
        {
            await Task.WhenAll(neighbours.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task SendLoopAsync(LeanHubClient citizen, int index, FloodOptions o, Func<int> phase, Stopwatch run,
        ConcurrentBag<(int, double, double)> samples, Action failed, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1 / o.SendsPerSecond);
        // Spread the neighbours' schedules over one interval, so the sends arrive evenly rather than in bursts.
        var clock = Stopwatch.StartNew();
        var due = interval * index / o.Neighbours;
        var inFlight = new List<Task>();
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            if (clock.Elapsed < due)
            {
                try { await Task.Delay(due - clock.Elapsed, stop); }
                catch (OperationCanceledException) { break; }
            }
            due += interval;
            var at = phase();
            var id = string.Create(CultureInfo.InvariantCulture, $"n{index}-{n++}");
            inFlight.Add(Task.Run(async () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await citizen.InvokeAsync("SendMessage", "Уточнение по заявлению", id);
                    samples.Add((at, Stopwatch.GetElapsedTime(t0).TotalMilliseconds, run.Elapsed.TotalMilliseconds));
                }
                catch (Exception) { failed(); }
            }, CancellationToken.None));
        }
        await Task.WhenAll(inFlight);
    }

    /// <summary>What the flooder did in one flooded phase (or in all of them, added up).</summary>
    public sealed record FloodEvent(double At, string What);

    public sealed class FloodTally
    {
        public int Connections { get; set; }
        public int RefusedConnects { get; set; }
        public int RefusedTakeUps { get; set; }
        public long Frames { get; set; }
        public List<double> CutMs { get; set; } = [];

        /// <summary>When (ms from the phase's start) it connected, was cut off or was refused.</summary>
        public List<FloodEvent> Events { get; set; } = [];

        public void Add(FloodTally other)
        {
            Connections += other.Connections;
            RefusedConnects += other.RefusedConnects;
            RefusedTakeUps += other.RefusedTakeUps;
            Frames += other.Frames;
            CutMs.AddRange(other.CutMs);
        }
    }

    /// <summary>Connect, take up the conversation, flood until cut off; again at once, until the phase ends.</summary>
    internal static async Task<string?> FloodLoopAsync(Uri hub, int floodLength, string? resumeToken, FloodTally tally, CancellationToken stop)
    {
        var text = JsonSerializer.Serialize(new string('я', floodLength));
        var phase = Stopwatch.StartNew();
        var batch = 0;
        while (!stop.IsCancellationRequested)
        {
            LeanHubClient client;
            try { client = await LeanHubClient.ConnectAsync(hub, null, Flooder); }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // Refused before the upgrade (429: too many connections from the address) or reset: try again.
                tally.RefusedConnects++;
                tally.Events.Add(new(phase.Elapsed.TotalMilliseconds, "refused"));
                await Task.Delay(10, CancellationToken.None);
                continue;
            }
            catch (Exception) { break; }
            await using (client)
            {
                tally.Connections++;
                tally.Events.Add(new(phase.Elapsed.TotalMilliseconds, "connected"));
                try
                {
                    if (resumeToken is null)
                    {
                        var started = await client.InvokeAsync("StartSession", new { topic = "101", text = "Поток", language = "ru" });
                        resumeToken = started.GetProperty("resumeToken").GetString();
                    }
                    else await client.InvokeAsync("ResumeSession", resumeToken);
                }
                catch (Exception) { tally.RefusedTakeUps++; } // refused: it floods anyway, with no conversation of its own
                var prefix = $"b{batch++}-";
                var watch = Stopwatch.StartNew();
                tally.Frames += await client.FloodAsync(i => Encoding.UTF8.GetBytes(
                    $"{{\"type\":1,\"invocationId\":\"{i}\",\"target\":\"SendMessage\",\"arguments\":[{text},\"{prefix}{i}\"]}}\u001e"), stop);
                if (stop.IsCancellationRequested) continue;
                tally.CutMs.Add(watch.Elapsed.TotalMilliseconds);
                tally.Events.Add(new(phase.Elapsed.TotalMilliseconds, "cut off"));
            }
        }
        return resumeToken;
    }
}

internal static class FloodReport
{
    public static string Format(ServerBuild build, FloodOptions o, List<(string Store, FloodResult Result)> results, string load)
    {
        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        static string R(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("# GosChat flood benchmark: what one flooding visitor costs the others");
        sb.AppendLine();
        sb.AppendLine($"Build `{build.Ref}` ({build.Commit}), on the abuse limits it ships with. {o.Neighbours} citizens, each from its own " +
                      $"address, send a short message {o.SendsPerSecond:0.#} times a second each on a fixed schedule; each SendMessage round trip is " +
                      $"timed at the client. Quiet and flooded phases of {o.Phase.TotalSeconds:0} s alternate, {o.Rounds} rounds, after 5 s of warm-up. " +
                      $"In a flooded phase one visitor from another address (a process of its own at the lowest CPU priority, nice 19, on the driver's core) writes SendMessage frames of {o.FloodLength} characters back to back " +
                      "until the server cuts it off, then connects again at once, for the whole phase. The server is its own process on core 0 " +
                      $"(Release, real clock), the driver and redis-server on core 1; {Environment.ProcessorCount} cores; load average at the start {load}. " +
                      "Every figure is a ratio from this one run.");
        sb.AppendLine();
        sb.AppendLine("| store | neighbours' p99, flooded ÷ quiet (target ≤ 1.5) | p50, flooded ÷ quiet | each round's p99 ratio | sends measured, quiet / flooded | errors | server CPU, flooded ÷ quiet | flooder: connections (refused before the upgrade / its conversation refused), frames written, median time to its cut |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (store, r) in results)
            sb.AppendLine($"| {store} | **{R(r.Flooded.P99, r.Quiet.P99)}** | {R(r.Flooded.P50, r.Quiet.P50)} | " +
                          string.Join(", ", r.PerRound.Select(x => R(x.Flooded.P99, x.Quiet.P99))) + $" | {r.Quiet.Count} / {r.Flooded.Count} | {r.NeighbourErrors} | " +
                          $"{R(r.FloodCpuShare, r.QuietCpuShare)} | {r.FloodConnections} ({r.RefusedConnects} / {r.RefusedTakeUps}), {r.FramesWritten:N0}, {F(r.MedianCutMs)} ms |");
        sb.AppendLine();
        sb.AppendLine("Absolute figures of this run, for reading the ratios only (they depend on the machine): " +
                      string.Join("; ", results.Select(x => $"{x.Store}: quiet p50 {F(x.Result.Quiet.P50)} / p99 {F(x.Result.Quiet.P99)} ms, flooded p50 " +
                                                             $"{F(x.Result.Flooded.P50)} / p99 {F(x.Result.Flooded.P99)} ms, server CPU {x.Result.QuietCpuShare * 100:0} % → {x.Result.FloodCpuShare * 100:0} % of a core")) + ".");
        sb.AppendLine();
        sb.AppendLine($"Regenerate: `dotnet run -c Release --project bench/GosChat.Bench.Compare -- --workload flood --neighbours {o.Neighbours} " +
                      $"--phase-seconds {o.Phase.TotalSeconds:0} --rounds {o.Rounds}`.");
        return sb.ToString();
    }
}
