using System.Globalization;
using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>
/// Section 3 of the capacity report: start → offer with free operators at a fixed pace on each store, beside one hop
/// through the bare hub at the same pace (<see cref="StartToOffer"/>, <see cref="BareHop"/>), and on Redis the
/// commands redis-server counted per assignment.
/// </summary>
internal sealed class OfferSection : ReportSection
{
    // Issue 12: start → offer p99 at most 5 ms embedded and 10 ms on Redis; at most 2 Redis round trips per assignment.
    private const double EmbeddedP99Ms = 5;
    private const double RedisP99Ms = 10;
    private const double CommandsPerAssignment = 2;

    private readonly StartToOfferOptions _o;
    private readonly List<(string Store, StartToOfferResult Result)> _results = [];
    private Stats? _bare;

    public OfferSection(Args args, bool quick) =>
        _o = new StartToOfferOptions(args.Int("--offer-starts", quick ? 100 : 1000), args.Int("--offer-rate", 200),
            args.Int("--offer-operators", quick ? 20 : 100), TimeSpan.FromSeconds(quick ? 1 : 2));

    /// <summary>Operators the section signs in.</summary>
    public int Operators => _o.Operators;

    public override IReadOnlyList<string> Keys => ["offer-bare", "offer-embedded", "offer-redis"];

    public override string Name => "startToOffer";

    public override bool Measured => _bare is not null || _results.Count > 0;

    public override async Task RunAsync(string key, CapacityRun run)
    {
        if (key == "offer-bare")
        {
            _bare = await OnServerAsync(run.Bare, "embedded", run.Settings, (server, _) => BareHop.RunAsync(server, _o.Starts, _o.StartsPerSecond));
            return;
        }
        var store = StoreOf(key);
        var settings = new Dictionary<string, string>(run.Settings);
        for (var i = 0; i < _o.Operators; i++) settings[$"Operators__{i}__MaxChats"] = _o.MaxChats.ToString(CultureInfo.InvariantCulture);
        _results.Add((store, await OnServerAsync(run.GosChat, store, settings, (server, redis) => StartToOffer.RunAsync(server, redis?.Port, _o))));
    }

    private string Baseline => _bare is null ? "not measured" : $"bare hub, one hop: {F(_bare.P99, "0.0")} ms";

    public override IEnumerable<SummaryRow> Summary()
    {
        foreach (var (store, r) in _results)
        {
            var bound = store == "redis" ? RedisP99Ms : EmbeddedP99Ms;
            yield return new SummaryRow($"start → offer p99 at {F(_o.StartsPerSecond)} starts/s, {store}", $"{F(r.StartToOffer.P99, "0.0")} ms", Baseline,
                _bare is { P99: > 0 } b ? F(r.StartToOffer.P99 / b.P99, "0.00") : "—", $"≤ {F(bound)} ms", r.StartToOffer.P99 <= bound);
            if (r.Commands is null) continue;
            var net = r.CommandsPerAssignment - r.QuietPerAssignment;
            yield return new SummaryRow($"Redis commands per assignment, INFO commandstats (commands scripts run included), {store}", F(net, "0.0"),
                $"the node's own background, taken off: {F(r.QuietPerAssignment, "0.00")}", "—", $"≤ {F(CommandsPerAssignment)} round trips", net <= CommandsPerAssignment);
            if (r.ByTag is not { } byTag) continue;
            var sent = Sent(byTag, r.MonitoredAssignments);
            yield return new SummaryRow($"Redis commands the node sent per assignment, MONITOR, {store}", F(sent.Sum(x => x.PerAssignment), "0.0"),
                "of which " + string.Join(", ", sent.Select(x => $"{x.Tag} {F(x.PerAssignment, "0.0")}")), "—", $"≤ {F(CommandsPerAssignment)} round trips",
                sent.Sum(x => x.PerAssignment) <= CommandsPerAssignment);
        }
        if (_results.Count == 0 && _bare is not null)
            yield return new SummaryRow($"start → offer baseline: one hop through the bare hub at {F(_o.StartsPerSecond)}/s, p99", $"{F(_bare.P99, "0.0")} ms",
                "(baseline)", "—", "—", null);
    }

    /// <summary>Commands sent per assignment by key tag, most first.</summary>
    private static List<(string Tag, double PerAssignment, IReadOnlyDictionary<string, long> Commands)> Sent(RedisCommandsByTag byTag, int assignments) =>
        [.. byTag.Sent.Select(kv => (kv.Key, kv.Value.Values.Sum() / (double)Math.Max(1, assignments), kv.Value)).OrderByDescending(x => x.Item2)];

    public override void AppendMarkdown(StringBuilder sb)
    {
        sb.AppendLine("## Start → offer with free operators");
        sb.AppendLine();
        sb.AppendLine($"{_o.Operators} operators sign in (HTTP), connect (SignalR .NET client), make themselves available and accept every offer as " +
                      $"soon as it arrives; each may hold {_o.MaxChats} chats, so every start finds a free operator. After " +
                      $"{Workload.WarmUpConversations} whole conversations (start, offer, accept, a message, close; not measured), then a wave of " +
                      $"{_o.WarmUpStarts} starts at the measured pace, accepted and closed again (not measured: a fresh process compiles its hot code " +
                      "again, optimised, once each method has run about 30 times, and without this wave that happened on the server's core during the " +
                      $"measured starts), and once the server has drained, {_o.Starts} citizens, each on a WebSocket of its own, start sessions at {F(_o.StartsPerSecond)}/s; the time from each " +
                      "StartSession call to its offer's arrival at the operator gives p50 and p99. The baseline is one hop through the bare hub with the " +
                      $"same client and pace, after as many hops not measured: {_o.Starts} SendMessage calls from citizen connections to their paired operator connections, from the call to the " +
                      $"arrival. Targets: p99 ≤ {F(EmbeddedP99Ms)} ms embedded, ≤ {F(RedisP99Ms)} ms on Redis.");
        sb.AppendLine();
        sb.AppendLine("On Redis, `INFO commandstats` of the redis-server this driver started is read on a connection of the driver's own just before " +
                      "the first start and again once every session is accepted and the server has drained (so what the starts left behind, such as " +
                      "jobs scheduled, counts too); the difference, this driver's own `INFO` calls left out, ÷ the sessions assigned is the figure. It " +
                      "covers the whole path of each session, StartSession's own writes, the offer and the accept included, not the assignment alone. " +
                      "What the node does on its own meanwhile (latency probe, job polling) is read over a quiet window just before, scaled to the " +
                      "measured window's length, and taken off. Commands are an upper bound of round trips: commands sent in one pipeline, or " +
                      "run inside one script, share one round trip; and INFO commandstats also counts the commands a script runs inside redis-server. " +
                      $"So {_o.MonitoredStarts} more sessions then start the same way under `MONITOR` (not timed: MONITOR slows redis-server down), which " +
                      "tells the commands the node sent from those its scripts ran, and the hash tag of the keys each touched (a MULTI, SELECT or EXEC " +
                      "counts with the keyed commands of its transaction). " +
                      $"Target: ≤ {F(CommandsPerAssignment)} round trips per assignment.");
        sb.AppendLine();
        sb.AppendLine("| path | starts | start → offer p50 ms | p99 ms | p99 ÷ bare hop p99 | target | Redis commands per assignment (all counted / background / net) |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        if (_bare is not null)
            sb.AppendLine($"| bare hub, one hop (baseline) | {_bare.Count} | {F(_bare.P50, "0.0")} | {F(_bare.P99, "0.0")} | — | — | — |");
        foreach (var (store, r) in _results)
        {
            var bound = store == "redis" ? RedisP99Ms : EmbeddedP99Ms;
            sb.AppendLine($"| GosChat, {store} | {r.Assignments} | {F(r.StartToOffer.P50, "0.0")} | {F(r.StartToOffer.P99, "0.0")} | " +
                          $"{(_bare is { P99: > 0 } b ? F(r.StartToOffer.P99 / b.P99, "0.00") : "—")} | ≤ {F(bound)} ms: {(r.StartToOffer.P99 <= bound ? "met" : "**missed**")} | " +
                          (r.Commands is null ? "—" : $"{F(r.CommandsPerAssignment, "0.00")} / {F(r.QuietPerAssignment, "0.00")} / {F(r.CommandsPerAssignment - r.QuietPerAssignment, "0.00")}") + " |");
        }
        sb.AppendLine();
        foreach (var (store, r) in _results.Where(x => x.Result.Commands is not null))
        {
            sb.AppendLine($"INFO commandstats by command, {store}: calls per assigned session over the {F(r.WindowSeconds, "0.0")} s window (in brackets the " +
                          "calls in all, and those of the quiet window's background, scaled to the same length):");
            sb.AppendLine();
            foreach (var (command, calls) in r.Commands!.OrderByDescending(kv => kv.Value))
                sb.AppendLine($"- `{command}`: {F(calls / (double)Math.Max(1, r.Assignments), "0.00")} ({calls:N0} calls" +
                              (r.QuietCommands!.TryGetValue(command, out var quiet) ? $"; background {F(quiet, "0.0")}" : "") + ")");
            var counted = r.Commands!;
            foreach (var (command, quiet) in r.QuietCommands!.Where(kv => !counted.ContainsKey(kv.Key)))
                sb.AppendLine($"- `{command}`: none in the window (background {F(quiet, "0.0")})");
            sb.AppendLine();
            if (r.ByTag is not { } byTag) continue;
            sb.AppendLine($"Under MONITOR, {store}, {r.MonitoredAssignments} more sessions started and assigned: commands the node sent, per assigned " +
                          "session, by the hash tag of their keys:");
            sb.AppendLine();
            sb.AppendLine("| keys | commands sent per assignment | which |");
            sb.AppendLine("| --- | --- | --- |");
            foreach (var (tag, perAssignment, commands) in Sent(byTag, r.MonitoredAssignments))
                sb.AppendLine($"| `{tag}` | {F(perAssignment, "0.00")} | " + string.Join(", ", commands.OrderByDescending(kv => kv.Value)
                    .Select(kv => $"`{kv.Key}` {F(kv.Value / (double)Math.Max(1, r.MonitoredAssignments), "0.00")}")) + " |");
            sb.AppendLine($"| all sent | {F(Sent(byTag, r.MonitoredAssignments).Sum(x => x.PerAssignment), "0.00")} | |");
            sb.AppendLine();
            sb.AppendLine($"Run by scripts inside redis-server, per assigned session (not round trips): {F(byTag.InScripts.Values.Sum() / (double)Math.Max(1, r.MonitoredAssignments), "0.00")} (" +
                          string.Join(", ", byTag.InScripts.OrderByDescending(kv => kv.Value).Select(kv => $"`{kv.Key}` {F(kv.Value / (double)Math.Max(1, r.MonitoredAssignments), "0.00")}")) + ").");
            sb.AppendLine();
        }
    }

    public override object Json() => new
    {
        options = new { _o.Starts, _o.StartsPerSecond, _o.Operators, _o.MaxChats, _o.MonitoredStarts, drainWindowSeconds = _o.DrainWindow.TotalSeconds },
        bareHop = _bare,
        results = _results.Select(r => new
        {
            r.Store, startToOffer = r.Result.StartToOffer, r.Result.Assignments, r.Result.WindowSeconds,
            commandsPerAssignment = r.Result.Commands is null ? (double?)null : r.Result.CommandsPerAssignment,
            backgroundPerAssignment = r.Result.QuietCommands is null ? (double?)null : r.Result.QuietPerAssignment,
            commands = r.Result.Commands, backgroundCommands = r.Result.QuietCommands,
            monitored = r.Result.ByTag is null ? null : new { assignments = r.Result.MonitoredAssignments, sentByTag = r.Result.ByTag.Sent, inScripts = r.Result.ByTag.InScripts },
        }),
    };
}
