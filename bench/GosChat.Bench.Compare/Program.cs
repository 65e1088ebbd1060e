using System.Diagnostics;
using System.Globalization;
using System.Text;
using GosChat.Bench.Compare;
using GosChat.TestSupport;

// Before/after benchmark of a change: builds two git refs of the server, runs each as its own process pinned to
// core 0 (this driver and redis-server on core 1), drives the same workload against both, alternating, on the
// embedded store and on Redis, and writes the figures as ratios new ÷ old measured in this one run.
//
//   dotnet run -c Release --project bench/GosChat.Bench.Compare -- --old <ref> [--new <ref>|WORKTREE]
//       [--pairs 100] [--seconds 10] [--starts-per-second 50] [--start-waves 5] [--length 1024] [--rounds 2] [--stores embedded,redis]
//       [--output bench/compare.md] [--keep]
//   … --workload queue-growth [--sizes 0,1000,5000,10000] [--starts 200] [--starts-per-second 50] [--idle-seconds 10]:
//       StartSession latency with W sessions already waiting, and idle CPU with the largest queue (QueueGrowth).
//   … --workload capacity [--quick] [--ref WORKTREE] [--targets bare,embedded,growth-redis,offer-redis,memory-redis,…]:
//       every figure of issue 12 for one build, each beside its baseline and target — relay capacity against a bare SignalR
//       hub, queue growth, start → offer with free operators and Redis commands per assignment, memory per waiting
//       session (CapacityReport; no --old).
//   … --workload flood [--ref WORKTREE] [--neighbours 40] [--sends-per-second 1.5] [--phase-seconds 15] [--rounds 3]
//       [--flood-length 4000] [--stores embedded,redis] [--trace FILE]: the neighbours' p99 while one visitor floods (Flood; no --old).
var args_ = new Args(args);
if (args_.Text("--workload") == "flooder")
{
    // The flood workload's flooder, started by it (FlooderProcess): commands on standard input.
    await FlooderProcess.MainAsync();
    return;
}
var repository = (await ServerBuild.Run("git", "rev-parse --show-toplevel", Environment.CurrentDirectory)).Trim();
if (args_.Text("--workload") == "capacity")
{
    // Relay capacity against the bare SignalR hub (CapacityReport): needs no --old.
    if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)0b10;
    await CapacityReport.MainAsync(args_, repository, Settings);
    return;
}
if (args_.Text("--workload") == "flood")
{
    // What one flooding visitor costs the others (Flood): one build, on the limits it ships with; needs no --old.
    if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)0b10;
    await FloodMainAsync(args_, repository);
    return;
}
var oldRef = args_.Text("--old") ?? throw new ArgumentException("--old <git ref> is required");
var newRef = args_.Text("--new") ?? "WORKTREE";
var options = new WorkloadOptions(args_.Int("--pairs", 100), TimeSpan.FromSeconds(args_.Int("--seconds", 10)),
    args_.Int("--starts-per-second", 50), args_.Int("--length", 1024), args_.Int("--start-waves", 5));
var rounds = args_.Int("--rounds", 2);
var output = args_.Text("--output") ?? Path.Combine(repository, "bench", "compare.md");
var work = Path.Combine(Path.GetTempPath(), "goschat-bench-compare");
Directory.CreateDirectory(work);

// This driver (and the redis-server it starts) on core 1; each server on core 0.
if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)0b10;

try
{
    var builds = new[]
    {
        await ServerBuild.PrepareAsync("old", repository, oldRef, work),
        await ServerBuild.PrepareAsync("new", repository, newRef, work),
    };
    var hash = (await ServerBuild.Run("dotnet", $"\"{builds[0].Dll}\" hash-password {Workload.Password}", work)).Trim().Split('\n')[^1].Trim();
    var settings = Settings(options.Pairs, hash);

    var stores = (args_.Text("--stores") ?? "embedded,redis").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (args_.Text("--workload") == "queue-growth")
    {
        var growth = new QueueGrowthOptions(
            args_.Ints("--sizes", [0, 1000, 5000, 10000]),
            args_.Int("--starts", 200), args_.Int("--starts-per-second", 50), TimeSpan.FromSeconds(args_.Int("--idle-seconds", 10)));
        var growthResults = new List<(string Store, int Round, string Build, QueueGrowthResult Result)>();
        foreach (var store in stores)
            for (var round = 1; round <= rounds; round++)
                foreach (var build in round % 2 == 1 ? builds : builds.Reverse())
                {
                    using var redis = store == "redis" ? RedisServer.Start() : null;
                    await using var server = await ServerProcess.StartAsync(build, redis?.ConnectionString, core: 0, settings);
                    Console.WriteLine($"[{build.Name}] queue growth, {store}, round {round} …");
                    growthResults.Add((store, round, build.Name, await QueueGrowth.RunAsync(server, growth)));
                }
        var growthReport = GrowthReport.Format(builds, growth, rounds, growthResults);
        Console.WriteLine(growthReport);
        await File.WriteAllTextAsync(output, growthReport);
        Console.WriteLine($"Written to {output}");
        return;
    }

    var results = new List<(string Store, int Round, string Build, WorkloadResult Result)>();
    foreach (var store in stores)
    {
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate the order so neither build always runs on a warmer machine.
            foreach (var build in round % 2 == 1 ? builds : builds.Reverse())
            {
                using var redis = store == "redis" ? RedisServer.Start() : null;
                await using var server = await ServerProcess.StartAsync(build, redis?.ConnectionString, core: 0, settings);
                Console.WriteLine($"[{build.Name}] {store}, round {round} …");
                var result = await Workload.RunAsync(server, options);
                results.Add((store, round, build.Name, result));
                Console.WriteLine($"    {result.DeliveredPerSecond:0} msg/s, delivery p50/p99 {result.Delivery.P50:0.00}/{result.Delivery.P99:0.00} ms, " +
                                  $"start → offer p50/p99 {result.StartToOffer.P50:0.00}/{result.StartToOffer.P99:0.00} ms, {result.ServerCpuMicrosPerMessage:0.0} µs CPU per message");
            }
        }
    }

    var report = Report.Format(builds, options, rounds, results);
    Console.WriteLine(report);
    await File.WriteAllTextAsync(output, report);
    Console.WriteLine($"Written to {output}");
}
finally
{
    if (!args_.Flag("--keep")) await ServerBuild.CleanUpAsync(repository, work);
}

static async Task FloodMainAsync(Args args, string repository)
{
    var o = new FloodOptions(args.Int("--neighbours", 40), double.Parse(args.Text("--sends-per-second") ?? "1.5", CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(args.Int("--phase-seconds", 15)), args.Int("--rounds", 3), args.Int("--flood-length", 4000), args.Text("--trace"));
    var output = args.Text("--output") ?? Path.Combine(repository, "bench", "flood.md");
    var work = Path.Combine(Path.GetTempPath(), "goschat-bench-flood");
    Directory.CreateDirectory(work);
    var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    var reference = args.Text("--ref") ?? "WORKTREE";
    var build = await ServerBuild.PrepareAsync("goschat", repository, reference, work);
    try
    {
        var hash = (await ServerBuild.Run("dotnet", $"\"{build.Dll}\" hash-password {Workload.Password}", work)).Trim().Split('\n')[^1].Trim();
        // The limits as shipped: this workload is about them.
        var settings = Settings(1, hash).Where(kv => !kv.Key.StartsWith("GosChat__Limits__", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var results = new List<(string, FloodResult)>();
        foreach (var store in (args.Text("--stores") ?? "embedded,redis").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var redis = store == "redis" ? RedisServer.Start() : null;
            await using var server = await ServerProcess.StartAsync(build, redis?.ConnectionString, core: 0, settings);
            Console.WriteLine($"[flood] {store} …");
            results.Add((store, await Flood.RunAsync(server, o)));
        }
        var report = FloodReport.Format(build, o, results, load);
        Console.WriteLine(report);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Written to {output}");
    }
    finally
    {
        if (reference != "WORKTREE") await ServerBuild.CleanUpAsync(repository, work);
    }
}

static Dictionary<string, string> Settings(int operators, string hash)
{
    var s = new Dictionary<string, string>
    {
        ["GosChat__LoginAttemptsPerMinute"] = "1000000",
        ["GosChat__OfferTimeout"] = "00:05:00",
        ["GosChat__Deadlines__ChatFirstReply"] = "01:00:00",
        ["GosChat__Deadlines__ChatResolution"] = "02:00:00",
        ["GosChat__Calendar__UseOfficialCalendar"] = "false",
        // Every client of the benchmark comes from one address and sends as fast as it can: the abuse limits are raised
        // far out of the way (their checks still run and are part of what is measured). Builds without them ignore this.
        ["GosChat__Limits__ConnectionsPerAddress"] = "1000000",
        ["GosChat__Limits__StartSessionPerAddress__Limit"] = "1000000",
        ["GosChat__Limits__StartSessionPerConnection__Limit"] = "1000000",
        ["GosChat__Limits__SendMessagePerConnection__Limit"] = "100000000",
        ["GosChat__Limits__SendMessagePerAddress__Limit"] = "100000000",
        ["GosChat__Limits__MessagesPerSession"] = "100000000",
        // Production nodes encrypt their key ring with a certificate (builds that predate this ignore the setting).
        ["GosChat__DataProtection__CertificatePath"] = TestCertificates.KeyRingPfx,
        ["GosChat__DataProtection__CertificatePassword"] = TestCertificates.Password,
        // And personal data at rest with a key (builds that predate this ignore the setting).
        ["GosChat__Encryption__ActiveKeyId"] = TestEncryptionKeys.KeyId,
        ["GosChat__Encryption__Keys__" + TestEncryptionKeys.KeyId] = TestEncryptionKeys.Key,
        // And the server secret of history keys and download links (likewise ignored by older builds).
        ["GosChat__ServerSecret"] = "the comparison benchmark's server secret, long enough",
    };
    foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" })
        s[$"GosChat__Queues__101__Schedule__{day}__0"] = "00:00-24:00";
    for (var i = 0; i < operators; i++)
    {
        s[$"Operators__{i}__Login"] = $"bench{i}";
        s[$"Operators__{i}__Name"] = $"Bench {i}";
        s[$"Operators__{i}__PasswordHash"] = hash;
        s[$"Operators__{i}__Queues__0"] = "101";
        s[$"Operators__{i}__Languages__0"] = "ru";
        s[$"Operators__{i}__MaxChats"] = "1";
    }
    return s;
}

internal sealed class Args(string[] args)
{
    public string? Text(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of integers (<c>--sizes 0,1000</c>).</summary>
    public int[] Ints(string name, int[] fallback) =>
        Text(name) is { } v ? [.. v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : fallback;

    public bool Flag(string name) => args.Contains(name);
}

internal static class Report
{
    public static string Format(ServerBuild[] builds, WorkloadOptions o, int rounds,
        List<(string Store, int Round, string Build, WorkloadResult Result)> results)
    {
        static string R(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("# GosChat before/after benchmark");
        sb.AppendLine();
        sb.AppendLine($"old = `{builds[0].Ref}` ({builds[0].Commit}), new = `{builds[1].Ref}` ({builds[1].Commit}). " +
                      $"After {Workload.WarmUpConversations} warm-up conversations (start, offer, accept, a message, close; not measured), " +
                      $"{o.Pairs} citizen → operator pairs, messages of {o.MessageLength} characters sent in a closed loop for " +
                      $"{o.RelayTime.TotalSeconds:0} s; {o.Pairs * o.StartWaves} session starts at {o.StartsPerSecond:0}/s with free operators " +
                      $"({o.StartWaves} waves of {o.Pairs}, each closed before the next). " +
                      $"Each server is its own process on core 0 (Release build, real clock, configured by environment variables); " +
                      $"the driver and redis-server on core 1; {Environment.ProcessorCount} cores. {rounds} rounds per store, old and new " +
                      "alternating; each figure is the best round of each build. Every figure is a ratio new ÷ old from this one run.");
        sb.AppendLine();
        // One table of new ÷ old per store; `pick` makes one figure of a build out of its rounds (higher is better: msg/s).
        void AppendRatios(string throughputHeader, Func<IEnumerable<double>, bool, double> pick)
        {
            sb.AppendLine($"| store | {throughputHeader} | delivery p50 | delivery p99 | start → offer p50 | start → offer p99 | server CPU per message |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var store in results.Select(r => r.Store).Distinct())
            {
                WorkloadResult[] Of(string build) => results.Where(r => r.Store == store && r.Build == build).Select(r => r.Result).ToArray();
                var (old, @new) = (Of("old"), Of("new"));
                string Ratio(Func<WorkloadResult, double> f, bool high = false) => R(pick(@new.Select(f), high), pick(old.Select(f), high));
                sb.AppendLine($"| {store} | {Ratio(r => r.DeliveredPerSecond, high: true)} | {Ratio(r => r.Delivery.P50)} | {Ratio(r => r.Delivery.P99)} | " +
                              $"{Ratio(r => r.StartToOffer.P50)} | {Ratio(r => r.StartToOffer.P99)} | {Ratio(r => r.ServerCpuMicrosPerMessage)} |");
            }
            sb.AppendLine();
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        AppendRatios("delivered msg/s (higher is better)", (values, high) => high ? values.Max() : values.Min());
        // A best round rests on one round of each build; the median round on all of them, so one fast or slow round of
        // either build moves it less.
        sb.AppendLine("The same ratios from the median round of each build (each figure's median over the rounds):");
        sb.AppendLine();
        AppendRatios("delivered msg/s", (values, _) => Median(values));
        sb.AppendLine("Each round as measured (ms; CPU in µs per message):");
        sb.AppendLine();
        sb.AppendLine("| store | build | round | msg/s | delivery p50 | delivery p99 | start → offer p50 | start → offer p99 | CPU per message |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        foreach (var (store, round, build, r) in results.OrderBy(x => x.Store == "redis").ThenBy(x => x.Build == "new").ThenBy(x => x.Round))
            sb.AppendLine($"| {store} | {build} | {round} | {r.DeliveredPerSecond.ToString("0", CultureInfo.InvariantCulture)} | {F(r.Delivery.P50)} | {F(r.Delivery.P99)} | " +
                          $"{F(r.StartToOffer.P50)} | {F(r.StartToOffer.P99)} | {r.ServerCpuMicrosPerMessage.ToString("0.0", CultureInfo.InvariantCulture)} |");
        sb.AppendLine();
        sb.AppendLine("Latency and CPU ratios below 1.00 and throughput ratios above 1.00 mean the new build is better. Samples per run: " +
                      string.Join(", ", results.Select(r => $"{r.Store}/{r.Build}/{r.Round}: {r.Result.Delivery.Count} messages, {r.Result.StartToOffer.Count} starts")) + ".");
        sb.AppendLine();
        sb.AppendLine($"Regenerate: `dotnet run -c Release --project bench/GosChat.Bench.Compare -- --old {builds[0].Ref} --new {builds[1].Ref} " +
                      $"--pairs {o.Pairs} --seconds {o.RelayTime.TotalSeconds:0} --start-waves {o.StartWaves} --rounds {rounds}`.");
        return sb.ToString();
    }
}

internal static class GrowthReport
{
    public static string Format(ServerBuild[] builds, QueueGrowthOptions o, int rounds,
        List<(string Store, int Round, string Build, QueueGrowthResult Result)> results)
    {
        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        static string R(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("# GosChat queue-growth benchmark");
        sb.AppendLine();
        sb.AppendLine($"old = `{builds[0].Ref}` ({builds[0].Commit}), new = `{builds[1].Ref}` ({builds[1].Commit}). Nobody signed in, so every " +
                      $"session stays waiting. After {QueueGrowth.WarmUp} sessions started and closed (not measured), for each queue length W the queue is first filled to W, then {o.Starts} StartSession calls at " +
                      $"{o.StartsPerSecond:0}/s (each on its own WebSocket), once the work the fill left behind has drained (a 2 s window under 15 % of a core), are timed, round trip at the client; then, with no client active, the " +
                      $"server's CPU time over {o.IdleTime.TotalSeconds:0} s gives its idle load with that queue (share of one core), measured once the " +
                      $"work the starts left behind has drained likewise (both drain times are given). Each server is its own process on core 0 (Release, real clock); the driver and redis-server on core 1; " +
                      $"{Environment.ProcessorCount} cores; {rounds} round(s) per store and build, the best of each figure kept.");
        sb.AppendLine();
        foreach (var store in results.Select(r => r.Store).Distinct())
        {
            QueueGrowthResult[] Of(string build) => results.Where(r => r.Store == store && r.Build == build).Select(r => r.Result).ToArray();
            var (old, @new) = (Of("old"), Of("new"));
            Stats Best(QueueGrowthResult[] rs, int step) => rs.Select(r => r.Steps[step].Start).MinBy(s => s.P99)!;
            sb.AppendLine($"## {store}");
            sb.AppendLine();
            double Idle(QueueGrowthResult[] rs, int step) => rs.Min(r => r.Steps[step].IdleCpuShare) * 100;
            double Drain(QueueGrowthResult[] rs, int step) => rs.Min(r => r.Steps[step].DrainSeconds);
            double FillDrain(QueueGrowthResult[] rs, int step) => rs.Min(r => r.Steps[step].FillDrainSeconds);
            sb.AppendLine("| W waiting | old p50 ms | old p99 ms | new p50 ms | new p99 ms | p99 new ÷ old | old idle CPU | new idle CPU | " +
                          "fill drained after, old / new s | starts drained after, old / new s |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (var i = 0; i < old[0].Steps.Count; i++)
            {
                var (a, b) = (Best(old, i), Best(@new, i));
                sb.AppendLine($"| {old[0].Steps[i].Waiting:N0} | {F(a.P50)} | {F(a.P99)} | {F(b.P50)} | {F(b.P99)} | {R(b.P99, a.P99)} | " +
                              $"{Idle(old, i):0.0} % | {Idle(@new, i):0.0} % | {FillDrain(old, i):0} / {FillDrain(@new, i):0} | {Drain(old, i):0} / {Drain(@new, i):0} |");
            }
            var last = old[0].Steps.Count - 1;
            sb.AppendLine();
            sb.AppendLine($"- p99 at the longest queue ÷ p99 at the shortest (target ≤ 2): old {R(Best(old, last).P99, Best(old, 0).P99)}, " +
                          $"new {R(Best(@new, last).P99, Best(@new, 0).P99)}.");
            sb.AppendLine($"- Idle server CPU (share of one core) with {old[0].Steps[last].Waiting:N0} waiting (target ≤ 5 %): " +
                          $"old {Idle(old, last):0.0} %, new {Idle(@new, last):0.0} %; with {old[0].Steps[0].Waiting:N0} waiting: " +
                          $"old {Idle(old, 0):0.0} %, new {Idle(@new, 0):0.0} %.");
            sb.AppendLine();
        }
        sb.AppendLine($"Regenerate: `dotnet run -c Release --project bench/GosChat.Bench.Compare -- --old {builds[0].Ref} --new {builds[1].Ref} " +
                      $"--workload queue-growth --sizes {string.Join(',', o.Sizes)} --starts {o.Starts} --rounds {rounds}`.");
        return sb.ToString();
    }
}
