using System.Globalization;
using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>
/// Section 1 of the capacity report: how many messages per second GosChat relays from citizens to operators, beside
/// the bare SignalR hub with as many pairs (<see cref="Capacity"/>).
/// </summary>
internal sealed class RelaySection : ReportSection
{
    private static readonly (string Key, string Baseline, double Target, string What)[] Targets =
    [
        ("embedded", "bare", 0.70, "GosChat embedded ÷ bare"),
        ("redis1", "bare", 0.40, "GosChat Redis one node ÷ bare"),
        ("redis2", "bare", 0.40, "GosChat Redis two nodes ÷ bare"),
        ("embedded-large", "embedded", 0.85, "GosChat embedded, large ÷ small pairs"),
        ("bare-large", "bare", double.NaN, "the bare hub's own large ÷ small, for reference"),
    ];

    private readonly CapacityOptions _o;
    private readonly List<CapacityResult> _results = [];

    public RelaySection(Args args, bool quick) =>
        _o = new CapacityOptions(
            Pairs: args.Int("--pairs", quick ? 25 : 100),
            LargePairs: args.Int("--large-pairs", quick ? 100 : 400),
            MessageLength: args.Int("--length", 1024),
            StartRate: args.Int("--start-rate", quick ? 8000 : 1000),
            WarmUp: TimeSpan.FromSeconds(args.Int("--warm-up-seconds", quick ? 1 : 20)),
            Step: TimeSpan.FromSeconds(args.Int("--step-seconds", quick ? 1 : 5)),
            Hold: TimeSpan.FromSeconds(args.Int("--hold-seconds", quick ? 1 : 10)),
            Precision: quick ? 0.5 : 0.05,
            P99BoundMs: 100,
            Quick: quick);

    /// <summary>Operators the relay signs in at most.</summary>
    public int Operators => Math.Max(_o.Pairs, _o.LargePairs);

    public override IReadOnlyList<string> Keys => [.. Capacity.Targets(_o).Select(t => t.Key)];

    public override string Name => "relay";

    public override bool Measured => _results.Count > 0;

    public override async Task RunAsync(string key, CapacityRun run)
    {
        var target = Capacity.Targets(_o).Single(t => t.Key == key);
        var settings = new Dictionary<string, string>(run.Settings)
        {
            // A benchmark client reads as fast as it can; a step past capacity must not end connections on the way.
            ["GosChat__Outbound__MaxBufferedBytes"] = (256L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        };
        _results.Add(await Capacity.RunAsync(target, run.Bare, run.GosChat, settings, _o));
    }

    private CapacityResult? Of(string key) => _results.FirstOrDefault(r => r.Target.Key == key);

    // Unconfirmed: the best rate held in a (shorter) ramp or bisect step, marked as such.
    private StepResult? Best(CapacityResult? r) => r?.Confirmed ?? r?.Steps.Where(x => x.Held(_o.P99BoundMs)).MaxBy(x => x.Rate);

    private double Rate(CapacityResult? r) => Best(r)?.Rate ?? 0;

    private string Shown(CapacityResult? r) => r?.Confirmed is { } c ? F(c.Rate) : Best(r) is { } b ? $"{F(b.Rate)}*" : "none held";

    private (CapacityResult? Baseline, double Ratio, string Marked) Against(CapacityResult r, string baselineKey)
    {
        var baseline = Of(baselineKey);
        var ratio = baseline is not null && Rate(baseline) > 0 ? Rate(r) / Rate(baseline) : double.NaN;
        var marked = (r.Confirmed is null || baseline?.Confirmed is null) && !double.IsNaN(ratio) ? "*" : "";
        return (baseline, ratio, marked);
    }

    public override IEnumerable<SummaryRow> Summary()
    {
        foreach (var t in Targets.Where(t => !double.IsNaN(t.Target)))
        {
            var r = Of(t.Key);
            if (r is null) continue;
            var (baseline, ratio, marked) = Against(r, t.Baseline);
            yield return new SummaryRow($"relay: {t.What} ({r.Target.Pairs} pairs), msg/s at p99 ≤ {F(_o.P99BoundMs)} ms", Shown(r),
                baseline is null ? "not measured" : $"{baseline.Target.Name}: {Shown(baseline)}",
                double.IsNaN(ratio) ? "—" : F(ratio, "0.00") + marked, $"≥ {F(t.Target, "0.00")}", double.IsNaN(ratio) ? null : ratio >= t.Target);
        }
    }

    public override void AppendMarkdown(StringBuilder sb)
    {
        sb.AppendLine("## Relay capacity against a bare SignalR hub");
        sb.AppendLine();
        sb.AppendLine("The baseline is bench/GosChat.Bench.BareHub, a bare ASP.NET Core SignalR hub that " +
                      "relays a citizen connection's SendMessage to its paired operator connection and does nothing else. The driver is a lean client " +
                      "speaking the JSON hub protocol over raw WebSockets (LeanHubClient): fire-and-forget SendMessage invocations, arrivals " +
                      "scanned for the message id only. Messages of " + _o.MessageLength + " characters, sent open-loop round robin over the " +
                      "citizens in ~1 ms batches; latency runs from the time a message was due to its arrival at the operator (late sends count). " +
                      $"After a {F(_o.WarmUp.TotalSeconds)} s warm-up, the rate doubles from {F(_o.StartRate)}/s in {F(_o.Step.TotalSeconds)} s steps " +
                      $"while p99 ≤ {F(_o.P99BoundMs)} ms and every message arrives, then bisects (to {F(_o.Precision * 100)} %), and the rate " +
                      $"found must hold for {F(_o.Hold.TotalSeconds)} s (else −10 %, up to three times)" +
                      (_o.Quick ? ". " : "; a missed step runs once more and counts as missed only if it misses again. ") + "Server CPU per message is the server " +
                      "processes' CPU time over the confirming step ÷ messages (two nodes: their sum; redis-server not included).");
        sb.AppendLine();
        sb.AppendLine($"| path | pairs | msg/s at p99 ≤ {F(_o.P99BoundMs)} ms | p50 ms | p99 ms | server CPU µs/msg | driver CPU (share of its core) | baseline | ratio | target |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in _results)
        {
            var c = Best(r);
            var target = Targets.FirstOrDefault(t => t.Key == r.Target.Key);
            var (baseline, ratio, marked) = target.Key is null ? (null, double.NaN, "") : Against(r, target.Baseline);
            var verdict = target.Key is null || double.IsNaN(target.Target) ? "—"
                : double.IsNaN(ratio) ? $"≥ {F(target.Target, "0.00")}: not measured"
                : $"≥ {F(target.Target, "0.00")}: {(ratio >= target.Target ? "met" : "**missed**")}";
            sb.AppendLine($"| {r.Target.Name} | {r.Target.Pairs} | {Shown(r)} | {(c is null ? "—" : F(c.P50, "0.0"))} | " +
                          $"{(c is null ? "—" : F(c.P99, "0.0"))} | {(c is null ? "—" : F(c.ServerCpuMicrosPerMessage, "0.0"))} | " +
                          $"{(c is null ? "—" : F(c.DriverCpuShare * 100) + " %")} | {(target.Key is null ? "(baseline)" : baseline is null ? "not measured" : baseline.Target.Name + ": " + F(Rate(baseline)))} | " +
                          $"{(double.IsNaN(ratio) ? "—" : F(ratio, "0.00") + marked)} | {verdict} |");
        }
        sb.AppendLine();
        sb.AppendLine($"\\* not confirmed: no rate held for the whole {F(_o.Hold.TotalSeconds)} s hold period, so the figure is the highest rate held in a " +
                      $"{F(_o.Step.TotalSeconds)} s ramp or bisect step (and a ratio with such a figure on either side is marked too).");
        sb.AppendLine();
        var notes = _results.Where(r => r.Note is not null).Select(r => $"{r.Target.Key}: {r.Note}").ToList();
        if (notes.Count > 0) sb.AppendLine("Notes: " + string.Join("; ", notes) + ".").AppendLine();
        var busiest = _results.Where(r => r.Confirmed is not null).Select(r => r.Confirmed!.DriverCpuShare).DefaultIfEmpty(0).Max();
        sb.AppendLine($"Is the client the bottleneck? The driver used at most {F(busiest * 100)} % of its core during a confirming step " +
                      "(it shares that core with redis-server); near 100 % the figure for that path is the client's limit, not the server's.");
        sb.AppendLine();
        sb.AppendLine("Every step tried (rate/s → p99 ms, delivered/sent):");
        sb.AppendLine();
        foreach (var r in _results)
            sb.AppendLine($"- {r.Target.Key}: " + string.Join(", ", r.Steps.Select(s => $"{F(s.Rate)} → {F(s.P99, "0.0")}{(s.Delivered < s.Sent ? $" ({s.Delivered}/{s.Sent})" : "")}")));
        sb.AppendLine();
    }

    public override object Json() => new
    {
        options = new
        {
            _o.Pairs, _o.LargePairs, _o.MessageLength, _o.StartRate, warmUpSeconds = _o.WarmUp.TotalSeconds, stepSeconds = _o.Step.TotalSeconds,
            holdSeconds = _o.Hold.TotalSeconds, _o.Precision, _o.P99BoundMs,
        },
        results = _results.Select(r => new
        {
            r.Target.Key, r.Target.Name, r.Target.Pairs, confirmed = r.Confirmed, r.Note,
            steps = r.Steps.Select(s => new { s.Rate, s.Sent, s.Delivered, p50 = Finite(s.P50), p99 = Finite(s.P99), s.ServerCpuMicrosPerMessage, s.DriverCpuShare }),
        }),
    };
}
