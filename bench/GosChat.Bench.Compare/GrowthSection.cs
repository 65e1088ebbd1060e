using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>
/// Section 2 of the capacity report: how StartSession latency and idle CPU grow with the queue, for the one build
/// under test, on each store (<see cref="QueueGrowth"/>). The baseline is the same build with nobody waiting.
/// </summary>
internal sealed class GrowthSection : ReportSection
{
    // Issue 12: StartSession p99 with the longest queue within 2× of the shortest; idle CPU with it at most 5 % of a core.
    private const double P99Growth = 2.0;
    private const double IdleShare = 0.05;

    private readonly QueueGrowthOptions _o;
    private readonly List<(string Store, QueueGrowthResult Result)> _results = [];

    public GrowthSection(Args args, bool quick) =>
        _o = new QueueGrowthOptions(
            args.Ints("--growth-sizes", quick ? [0, 1000] : [0, 1000, 5000, 10000]),
            args.Int("--growth-starts", quick ? 100 : 200), args.Int("--growth-rate", quick ? 200 : 50),
            TimeSpan.FromSeconds(args.Int("--idle-seconds", quick ? 2 : 10)), TimeSpan.FromSeconds(quick ? 1 : 2));

    public override IReadOnlyList<string> Keys => ["growth-embedded", "growth-redis"];

    public override string Name => "queueGrowth";

    public override bool Measured => _results.Count > 0;

    public override async Task RunAsync(string key, CapacityRun run)
    {
        var store = StoreOf(key);
        _results.Add((store, await OnServerAsync(run.GosChat, store, run.Settings, (server, _) => QueueGrowth.RunAsync(server, _o))));
    }

    private static (QueueGrowthStep Shortest, QueueGrowthStep Longest) Ends(QueueGrowthResult r) => (r.Steps[0], r.Steps[^1]);

    public override IEnumerable<SummaryRow> Summary()
    {
        foreach (var (store, r) in _results)
        {
            var (first, last) = Ends(r);
            var growth = first.Start.P99 > 0 ? last.Start.P99 / first.Start.P99 : double.NaN;
            yield return new SummaryRow($"queue growth, {store}: StartSession p99 with {last.Waiting:N0} waiting", $"{F(last.Start.P99, "0.0")} ms",
                $"{first.Waiting:N0} waiting: {F(first.Start.P99, "0.0")} ms", F(growth, "0.00"), $"≤ {F(P99Growth, "0.00")}",
                double.IsNaN(growth) ? null : growth <= P99Growth);
            yield return new SummaryRow($"queue growth, {store}: idle server CPU with {last.Waiting:N0} waiting", $"{F(last.IdleCpuShare * 100, "0.0")} %",
                $"{first.Waiting:N0} waiting: {F(first.IdleCpuShare * 100, "0.0")} %", "—", $"≤ {F(IdleShare * 100)} % of a core", last.IdleCpuShare <= IdleShare);
        }
    }

    public override void AppendMarkdown(StringBuilder sb)
    {
        sb.AppendLine("## Queue growth");
        sb.AppendLine();
        sb.AppendLine($"Nobody signed in, so every session started stays waiting. After {QueueGrowth.WarmUp} sessions started and closed, then {QueueGrowth.WarmUpWaves} waves of " +
                      $"{_o.Starts} started like the timed ones below and closed (none of them measured), " +
                      $"for each queue length W the queue is first filled to W (32 connections starting sessions as fast as the server takes them, " +
                      $"the last {QueueGrowth.SettleStarts} at the timed pace, so the collections the fast part leaves owing fall due before the timed starts; " +
                      $"not measured), then, once the server has drained what the fill left behind (a {F(_o.DrainWindow?.TotalSeconds ?? 2)} s window under 15 % " +
                      $"of a core), {_o.Starts} StartSession calls at {F(_o.StartsPerSecond)}/s, each on a WebSocket of its own (SignalR .NET client), are timed, " +
                      $"round trip at the client. Then, once the starts' after-work has drained likewise and with no client active, the server's CPU time over " +
                      $"{F(_o.IdleTime.TotalSeconds)} s gives its idle load with that queue, as a share of one core (the sweep, the live figures and dispatch " +
                      $"run on their own). The next W counts the {_o.Starts} sessions just started. The baseline of each figure is the same process with the shortest queue; " +
                      $"targets: p99 at the longest queue ≤ {F(P99Growth)} × p99 at the shortest, idle CPU with the longest queue ≤ {F(IdleShare * 100)} %.");
        sb.AppendLine();
        sb.AppendLine("| store | W waiting | StartSession p50 ms | p99 ms | p99 ÷ p99 at the shortest | idle server CPU | fill drained after s | starts drained after s |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (store, r) in _results)
            foreach (var s in r.Steps)
                sb.AppendLine($"| {store} | {s.Waiting:N0} | {F(s.Start.P50, "0.0")} | {F(s.Start.P99, "0.0")} | " +
                              $"{(r.Steps[0].Start.P99 > 0 ? F(s.Start.P99 / r.Steps[0].Start.P99, "0.00") : "—")} | {F(s.IdleCpuShare * 100, "0.0")} % | " +
                              $"{F(s.FillDrainSeconds)} | {F(s.DrainSeconds)} |");
        sb.AppendLine();
    }

    public override object Json() => new
    {
        options = new { _o.Sizes, _o.Starts, _o.StartsPerSecond, idleSeconds = _o.IdleTime.TotalSeconds, drainWindowSeconds = _o.DrainWindow?.TotalSeconds },
        results = _results.Select(r => new
        {
            r.Store,
            steps = r.Result.Steps.Select(s => new
            {
                s.Waiting, startP50 = s.Start.P50, startP99 = s.Start.P99, starts = s.Start.Count, s.IdleCpuShare, s.FillDrainSeconds, s.DrainSeconds,
            }),
        }),
    };
}
