using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GosChat.Bench.Compare;

/// <summary>
/// <c>--workload capacity</c>: builds the bare hub (bench/GosChat.Bench.BareHub) and GosChat (a git ref, the working
/// tree by default), runs every <see cref="Capacity.Targets"/> in one invocation and writes the figures, each beside
/// its baseline (the bare hub with as many pairs) and its target, to Markdown and JSON.
/// </summary>
internal static class CapacityReport
{
    public static async Task MainAsync(Args args, string repository, Func<int, string, Dictionary<string, string>> settingsFor)
    {
        var quick = args.Flag("--quick");
        var o = new CapacityOptions(
            Pairs: args.Int("--pairs", quick ? 25 : 100),
            LargePairs: args.Int("--large-pairs", quick ? 100 : 400),
            MessageLength: args.Int("--length", 1024),
            StartRate: args.Int("--start-rate", quick ? 8000 : 1000),
            WarmUp: TimeSpan.FromSeconds(args.Int("--warm-up-seconds", quick ? 2 : 20)),
            Step: TimeSpan.FromSeconds(args.Int("--step-seconds", quick ? 1 : 5)),
            Hold: TimeSpan.FromSeconds(args.Int("--hold-seconds", quick ? 2 : 10)),
            Precision: quick ? 0.25 : 0.05,
            P99BoundMs: 100,
            Quick: quick);
        var output = args.Text("--output") ?? Path.Combine(repository, "bench", quick ? "results-quick.md" : "results.md");
        var only = args.Text("--targets")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var work = Path.Combine(Path.GetTempPath(), "goschat-bench-capacity");
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage();

        var gosChatRef = args.Text("--ref") ?? "WORKTREE";
        var gosChat = await ServerBuild.PrepareAsync("goschat", repository, gosChatRef, work);
        var bareOut = Path.Combine(work, "out-bare");
        Console.WriteLine("[bare] building bench/GosChat.Bench.BareHub …");
        await ServerBuild.Run("dotnet", $"build \"{Path.Combine(repository, "bench", "GosChat.Bench.BareHub")}\" -c Release -nologo -v q -o \"{bareOut}\"", repository);
        var bare = new ServerBuild("bare", "bench/GosChat.Bench.BareHub", gosChat.Commit, Path.Combine(bareOut, "GosChat.Bench.BareHub.dll"));
        var hash = (await ServerBuild.Run("dotnet", $"\"{gosChat.Dll}\" hash-password {Workload.Password}", work)).Trim().Split('\n')[^1].Trim();
        var settings = settingsFor(Math.Max(o.Pairs, o.LargePairs), hash);
        // A benchmark client reads as fast as it can; a step past capacity must not end connections on the way.
        settings["GosChat__Outbound__MaxBufferedBytes"] = (256L * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
        var built = clock.Elapsed;

        var results = new List<CapacityResult>();
        try
        {
            foreach (var target in Capacity.Targets(o).Where(t => only is null || only.Contains(t.Key)))
            {
                Console.WriteLine($"[{target.Key}] {target.Name} …");
                results.Add(await Capacity.RunAsync(target, bare, gosChat, settings, o));
            }
        }
        finally
        {
            if (gosChatRef != "WORKTREE") await ServerBuild.CleanUpAsync(repository, work);
        }

        var markdown = Format(o, gosChat, results, loadBefore, LoadAverage(), built, clock.Elapsed);
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(output, markdown);
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".json"), Json(o, gosChat, results, loadBefore));
        Console.WriteLine($"Written to {output} and {Path.ChangeExtension(output, ".json")}");
    }

    private static readonly (string Key, string Baseline, double Target, string What)[] Targets =
    [
        ("embedded", "bare", 0.70, "GosChat embedded ÷ bare ≥ 0.70"),
        ("redis1", "bare", 0.40, "GosChat Redis one node ÷ bare ≥ 0.40"),
        ("redis2", "bare", 0.40, "GosChat Redis two nodes ÷ bare ≥ 0.40"),
        ("embedded-large", "embedded", 0.85, "GosChat embedded, large ÷ 100-pair figure ≥ 0.85 (within 15 %)"),
        ("bare-large", "bare", double.NaN, "the bare hub's own large ÷ small, for reference"),
    ];

    private static string Format(CapacityOptions o, ServerBuild gosChat, List<CapacityResult> results, string loadBefore, string loadAfter,
        TimeSpan built, TimeSpan total)
    {
        static string F(double v, string format = "0") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "∞";
        CapacityResult? Of(string key) => results.FirstOrDefault(r => r.Target.Key == key);
        // Unconfirmed: the best rate held in a (shorter) ramp or bisect step, marked as such.
        StepResult? Best(CapacityResult? r) => r?.Confirmed ?? r?.Steps.Where(x => x.Held(o.P99BoundMs)).MaxBy(x => x.Rate);
        double Rate(CapacityResult? r) => Best(r)?.Rate ?? 0;
        string Shown(CapacityResult? r) => r?.Confirmed is { } c ? F(c.Rate) : Best(r) is { } b ? $"{F(b.Rate)}*" : "none held";
        var sb = new StringBuilder();
        sb.AppendLine(o.Quick ? "# GosChat relay capacity against a bare SignalR hub (--quick)" : "# GosChat relay capacity against a bare SignalR hub");
        sb.AppendLine();
        sb.AppendLine($"Measured {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC on {Environment.ProcessorCount} cores " +
                      $"({CpuModel()}); load average before the run {loadBefore}, after it {loadAfter}" +
                      (LoadIsShared(loadBefore) ? " — **the machine was shared with other builds and benchmarks at the time**, so absolute " +
                       "figures are low and noisy; only the ratios within this one run mean anything." : "."));
        sb.AppendLine();
        sb.AppendLine($"GosChat `{gosChat.Ref}` ({gosChat.Commit}); the baseline is bench/GosChat.Bench.BareHub, a bare ASP.NET Core SignalR hub that " +
                      "relays a citizen connection's SendMessage to its paired operator connection and does nothing else. Every server is its own " +
                      "process pinned to core 0 (two nodes share it); the driver and redis-server run on core 1. The driver is a lean client " +
                      "speaking the JSON hub protocol over raw WebSockets (LeanHubClient): fire-and-forget SendMessage invocations, arrivals " +
                      "scanned for the message id only. Messages of " + o.MessageLength + " characters, sent open-loop round robin over the " +
                      "citizens in ~1 ms batches; latency runs from the time a message was due to its arrival at the operator (late sends count). " +
                      $"After a {F(o.WarmUp.TotalSeconds)} s warm-up, the rate doubles from {F(o.StartRate)}/s in {F(o.Step.TotalSeconds)} s steps " +
                      $"while p99 ≤ {F(o.P99BoundMs)} ms and every message arrives, then bisects (to {F(o.Precision * 100)} %), and the rate " +
                      $"found must hold for {F(o.Hold.TotalSeconds)} s (else −10 %, up to three times)" +
                      (o.Quick ? ". " : "; a missed step runs once more and counts as missed only if it misses again. ") + "Server CPU per message is the server " +
                      "processes' CPU time over the confirming step ÷ messages (two nodes: their sum; redis-server not included).");
        sb.AppendLine();
        sb.AppendLine("| path | pairs | msg/s at p99 ≤ 100 ms | p50 ms | p99 ms | server CPU µs/msg | driver CPU (share of its core) | baseline | ratio | target |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var c = Best(r);
            var target = Targets.FirstOrDefault(t => t.Key == r.Target.Key);
            var baseline = target.Key is null ? null : Of(target.Baseline);
            var ratio = baseline is not null && Rate(baseline) > 0 ? Rate(r) / Rate(baseline) : double.NaN;
            var marked = (r.Confirmed is null || baseline?.Confirmed is null) && !double.IsNaN(ratio) ? "*" : "";
            var verdict = target.Key is null || double.IsNaN(target.Target) ? "—"
                : double.IsNaN(ratio) ? $"≥ {F(target.Target, "0.00")}: not measured"
                : $"≥ {F(target.Target, "0.00")}: {(ratio >= target.Target ? "**met**" : "**missed**")}";
            sb.AppendLine($"| {r.Target.Name} | {r.Target.Pairs} | {Shown(r)} | {(c is null ? "—" : F(c.P50, "0.0"))} | " +
                          $"{(c is null ? "—" : F(c.P99, "0.0"))} | {(c is null ? "—" : F(c.ServerCpuMicrosPerMessage, "0.0"))} | " +
                          $"{(c is null ? "—" : F(c.DriverCpuShare * 100) + " %")} | {(target.Key is null ? "(baseline)" : baseline is null ? "not measured" : baseline.Target.Name + ": " + F(Rate(baseline)))} | " +
                          $"{(double.IsNaN(ratio) ? "—" : F(ratio, "0.00") + marked)} | {verdict} |");
        }
        sb.AppendLine();
        sb.AppendLine($"\\* not confirmed: no rate held for the whole {F(o.Hold.TotalSeconds)} s hold period, so the figure is the highest rate held in a " +
                      $"{F(o.Step.TotalSeconds)} s ramp or bisect step (and a ratio with such a figure on either side is marked too).");
        sb.AppendLine();
        var notes = results.Where(r => r.Note is not null).Select(r => $"{r.Target.Key}: {r.Note}").ToList();
        if (notes.Count > 0) sb.AppendLine("Notes: " + string.Join("; ", notes) + ".").AppendLine();
        var busiest = results.Where(r => r.Confirmed is not null).Select(r => r.Confirmed!.DriverCpuShare).DefaultIfEmpty(0).Max();
        sb.AppendLine($"Is the client the bottleneck? The driver used at most {F(busiest * 100)} % of its core during a confirming step " +
                      "(it shares that core with redis-server); near 100 % the figure for that path is the client's limit, not the server's.");
        sb.AppendLine();
        sb.AppendLine("Every step tried (rate/s → p99 ms, delivered/sent):");
        sb.AppendLine();
        foreach (var r in results)
            sb.AppendLine($"- {r.Target.Key}: " + string.Join(", ", r.Steps.Select(s => $"{F(s.Rate)} → {F(s.P99, "0.0")}{(s.Delivered < s.Sent ? $" ({s.Delivered}/{s.Sent})" : "")}")));
        sb.AppendLine();
        sb.AppendLine($"Builds took {F(built.TotalSeconds)} s, the measurements {F((total - built).TotalSeconds)} s. Regenerate: " +
                      $"`dotnet run -c Release --project bench/GosChat.Bench.Compare -- --workload capacity{(o.Quick ? " --quick" : "")}`.");
        return sb.ToString();
    }

    private static string Json(CapacityOptions o, ServerBuild gosChat, List<CapacityResult> results, string load) =>
        JsonSerializer.Serialize(new
        {
            measuredUtc = DateTime.UtcNow,
            machine = new { cores = Environment.ProcessorCount, model = CpuModel(), loadAverageBefore = load },
            gosChat = new { gosChat.Ref, gosChat.Commit },
            options = new
            {
                o.Pairs, o.LargePairs, o.MessageLength, o.StartRate, warmUpSeconds = o.WarmUp.TotalSeconds, stepSeconds = o.Step.TotalSeconds,
                holdSeconds = o.Hold.TotalSeconds, o.Precision, o.P99BoundMs, o.Quick,
            },
            results = results.Select(r => new
            {
                r.Target.Key, r.Target.Name, r.Target.Pairs, confirmed = r.Confirmed, r.Note,
                steps = r.Steps.Select(s => new { s.Rate, s.Sent, s.Delivered, p50 = Finite(s.P50), p99 = Finite(s.P99), s.ServerCpuMicrosPerMessage, s.DriverCpuShare }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static bool LoadIsShared(string load) =>
        double.TryParse(load.Split(' ')[0], CultureInfo.InvariantCulture, out var one) && one > 1.0;
}
