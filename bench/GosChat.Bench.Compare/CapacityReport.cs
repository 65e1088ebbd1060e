using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GosChat.Bench.Compare;

/// <summary>
/// <c>--workload capacity</c>: builds the bare hub (bench/GosChat.Bench.BareHub) and GosChat (a git ref, the working
/// tree by default), measures every section's figures in one invocation (relay capacity, queue growth, start → offer,
/// memory per waiting session; <c>--targets</c> picks parts by key) and writes them, each beside its baseline and its
/// target, to Markdown and JSON.
/// </summary>
internal static class CapacityReport
{
    /// <summary>Where a reader of the report finds what each missed target comes from (the profiles behind the figures).</summary>
    public const string MissesExplained =
        "What each missed target comes from, with the profiles behind it, and what changed since the run before: bench/README.md, " +
        "\"What the committed run says\".";

    public static async Task MainAsync(Args args, string repository, Func<int, string, Dictionary<string, string>> settingsFor)
    {
        var quick = args.Flag("--quick");
        var relay = new RelaySection(args, quick);
        var offer = new OfferSection(args, quick);
        ReportSection[] sections = [relay, new GrowthSection(args, quick), offer, new MemorySection(args, quick)];
        var keys = sections.SelectMany(s => s.Keys).ToList();
        var only = args.Text("--targets")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (only?.FirstOrDefault(k => !keys.Contains(k)) is { } unknown)
            throw new ArgumentException($"--targets: no target '{unknown}'; the targets are {string.Join(",", keys)}");
        var output = args.Text("--output") ?? Path.Combine(repository, "bench", quick ? "results-quick.md" : "results.md");
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
        var run = new CapacityRun(bare, gosChat, settingsFor(Math.Max(relay.Operators, offer.Operators), hash), quick);
        var built = clock.Elapsed;

        var timings = new List<(string Key, TimeSpan Took)>();
        try
        {
            foreach (var section in sections)
                foreach (var key in section.Keys.Where(k => only is null || only.Contains(k)))
                {
                    Console.WriteLine($"[{key}] …");
                    var started = clock.Elapsed;
                    await section.RunAsync(key, run);
                    timings.Add((key, clock.Elapsed - started));
                    Console.WriteLine($"[{key}] took {(clock.Elapsed - started).TotalSeconds:0} s");
                }
        }
        finally
        {
            if (gosChatRef != "WORKTREE") await ServerBuild.CleanUpAsync(repository, work);
        }

        var markdown = Format(run, sections, loadBefore, LoadAverage(), built, clock.Elapsed, timings, only);
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(output, markdown);
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".json"), Json(run, sections, loadBefore, timings));
        Console.WriteLine($"Written to {output} and {Path.ChangeExtension(output, ".json")}");
    }

    private static string Format(CapacityRun run, ReportSection[] sections, string loadBefore, string loadAfter, TimeSpan built, TimeSpan total,
        List<(string Key, TimeSpan Took)> timings, string[]? only)
    {
        var F = ReportSection.F;
        var sb = new StringBuilder();
        sb.AppendLine(run.Quick ? "# GosChat capacity report (--quick)" : "# GosChat capacity report");
        sb.AppendLine();
        sb.AppendLine($"Measured {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC on {Environment.ProcessorCount} cores " +
                      $"({CpuModel()}), {MemoryTotal()}; load average before the run {loadBefore}, after it {loadAfter}" +
                      (LoadIsShared(loadBefore) ? " — **the machine was shared with other builds and benchmarks at the time**, so absolute " +
                       "figures are low and noisy; ratios within this one run mean more." : ".") +
                      (run.Quick ? " A `--quick` run: small sizes and a coarse search, to check that everything runs; its figures are rough." : ""));
        sb.AppendLine();
        sb.AppendLine($"GosChat `{run.GosChat.Ref}` ({run.GosChat.Commit}), a Release build. Every server is its own process (`dotnet …dll`, " +
                      "configured by environment variables as a deployment is, on the real clock) pinned to core 0 (two nodes share it); the driver " +
                      "and the redis-server it starts (a fresh one for each part) run on core 1. Each part below runs on fresh processes.");
        sb.AppendLine();
        sb.AppendLine("| figure | measured | baseline | ratio | target | verdict |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var row in sections.SelectMany(s => s.Summary()))
            sb.AppendLine($"| {row.Figure} | {row.Measured} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Verdict} |");
        sb.AppendLine();
        sb.AppendLine(MissesExplained);
        sb.AppendLine();
        foreach (var section in sections.Where(s => s.Measured))
            section.AppendMarkdown(sb);
        sb.AppendLine($"Builds took {F(built.TotalSeconds, "0")} s, the measurements {F((total - built).TotalSeconds, "0")} s (" +
                      string.Join(", ", timings.Select(t => $"{t.Key} {F(t.Took.TotalSeconds, "0")} s")) + "). Regenerate: " +
                      $"`dotnet run -c Release --project bench/GosChat.Bench.Compare -- --workload capacity{(run.Quick ? " --quick" : "")}" +
                      (only is null ? "" : $" --targets {string.Join(',', only)}") + "`.");
        return sb.ToString();
    }

    private static string Json(CapacityRun run, ReportSection[] sections, string load, List<(string Key, TimeSpan Took)> timings)
    {
        var json = new Dictionary<string, object?>
        {
            ["measuredUtc"] = DateTime.UtcNow,
            ["machine"] = new { cores = Environment.ProcessorCount, model = CpuModel(), memory = MemoryTotal(), loadAverageBefore = load },
            ["gosChat"] = new { run.GosChat.Ref, run.GosChat.Commit },
            ["quick"] = run.Quick,
            ["summary"] = sections.SelectMany(s => s.Summary()).Select(r => new { r.Figure, r.Measured, r.Baseline, r.Ratio, r.Target, r.Met }),
            ["seconds"] = timings.ToDictionary(t => t.Key, t => Math.Round(t.Took.TotalSeconds, 1)),
        };
        foreach (var section in sections.Where(s => s.Measured)) json[section.Name] = section.Json();
        return JsonSerializer.Serialize(json, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
    }

    private static string CpuModel() => ProcLine("/proc/cpuinfo", "model name") ?? "unknown";

    private static string MemoryTotal() =>
        ProcLine("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var v)
            ? $"{v / 1024.0 / 1024:0.0} GiB of memory" : "memory unknown";

    /// <summary>The value of the first <c>name: value</c> line of a /proc file.</summary>
    private static string? ProcLine(string file, string name)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
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
