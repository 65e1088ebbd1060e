using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>
/// Section 4 of the capacity report: the server's memory per waiting session with its connection on each store,
/// beside the bare hub's memory per idle connection, measured the same way (<see cref="WaitingMemory"/>).
/// </summary>
internal sealed class MemorySection : ReportSection
{
    // Issue 12: at most 35 KB of server memory per waiting session with its connection.
    private const double TargetKb = 35;

    private readonly int _sessions;
    private readonly TimeSpan _drainWindow;
    private readonly List<(string Path, WaitingMemoryResult Result)> _results = [];

    public MemorySection(Args args, bool quick)
    {
        // 6,000: what the runtime holds either way (collector regions, garbage not yet collected: a few MB up or down
        // from one reading to the next) is spread thinly enough; at 2,000 it moved the figure by up to 6 KB.
        _sessions = args.Int("--sessions", quick ? 300 : 6000);
        _drainWindow = TimeSpan.FromSeconds(quick ? 1 : 2);
    }

    public override IReadOnlyList<string> Keys => ["memory-bare", "memory-embedded", "memory-redis"];

    public override string Name => "memory";

    public override bool Measured => _results.Count > 0;

    public override async Task RunAsync(string key, CapacityRun run)
    {
        var path = StoreOf(key);
        var build = path == "bare" ? run.Bare : run.GosChat;
        _results.Add((path, await OnServerAsync(build, path, run.Settings,
            (server, redis) => WaitingMemory.RunAsync(server, redis?.Port, _sessions, startSessions: path != "bare", _drainWindow))));
    }

    private WaitingMemoryResult? Bare => _results.FirstOrDefault(r => r.Path == "bare").Result;

    public override IEnumerable<SummaryRow> Summary()
    {
        foreach (var (path, r) in _results.Where(r => r.Path != "bare"))
            yield return new SummaryRow($"memory per waiting session with its connection, {path} (server RSS)", $"{F(r.RssKbEach, "0.0")} KB",
                Bare is { } b ? $"bare hub, per idle connection: {F(b.RssKbEach, "0.0")} KB" : "not measured",
                Bare is { RssKbEach: > 0 } c ? F(r.RssKbEach / c.RssKbEach, "0.00") : "—", $"≤ {F(TargetKb)} KB", r.RssKbEach <= TargetKb);
        if (_results.Count == 1 && Bare is { } bare)
            yield return new SummaryRow("memory per idle connection, bare hub (server RSS)", $"{F(bare.RssKbEach, "0.0")} KB", "(baseline)", "—", "—", null);
    }

    public override void AppendMarkdown(StringBuilder sb)
    {
        sb.AppendLine("## Memory per waiting session");
        sb.AppendLine();
        sb.AppendLine($"On a fresh server process, {WaitingMemory.WarmUp} connections first open (each starting a session and closing it, on GosChat) and close, " +
                      "so one-off costs (JIT, pools, the first scrape of /metrics) are not counted; once the server has drained, its memory is read. Then " +
                      $"{_sessions:N0} connections open to the chat hub, each on a WebSocket of its own (the lean client), and on GosChat each starts a " +
                      "session and leaves it waiting (nobody is signed in); once the server has drained again, its memory is read again. No collection is " +
                      $"forced. The difference ÷ {_sessions:N0} is the cost of one. Server RSS is VmRSS from /proc/<pid>/status; the GC heap is the " +
                      "runtime's `dotnet.gc.last_collection.heap.size` summed over the generations, from GosChat's /metrics (the bare hub serves none); " +
                      "on Redis, redis-server's own `used_memory` is given beside (not counted in the server's figure). Without a forced collection " +
                      "both server figures hold whatever garbage has not been collected yet, so they are upper bounds. The baseline is the bare hub " +
                      $"with as many idle connections, measured the same way. Target: ≤ {F(TargetKb)} KB per waiting session with its connection (server RSS).");
        sb.AppendLine();
        sb.AppendLine("| path | connections | RSS before MB | RSS after MB | RSS KB each | GC heap before MB | GC heap after MB | GC heap KB each | redis-server KB each | ratio to bare (RSS) | target |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (path, r) in _results)
        {
            static string Mb(long? bytes) => bytes is { } b ? F(b / 1024.0 / 1024, "0.0") : "—";
            sb.AppendLine($"| {(path == "bare" ? "bare hub, idle connections (baseline)" : $"GosChat, {path}, waiting sessions")} | {r.Connections:N0} | " +
                          $"{Mb(r.RssBefore)} | {Mb(r.RssAfter)} | {F(r.RssKbEach, "0.0")} | {Mb(r.GcBefore)} | {Mb(r.GcAfter)} | " +
                          $"{(double.IsNaN(r.GcKbEach) ? "—" : F(r.GcKbEach, "0.0"))} | {(double.IsNaN(r.RedisKbEach) ? "—" : F(r.RedisKbEach, "0.0"))} | " +
                          $"{(path != "bare" && Bare is { RssKbEach: > 0 } b ? F(r.RssKbEach / b.RssKbEach, "0.00") : "—")} | " +
                          $"{(path == "bare" ? "—" : $"≤ {F(TargetKb)} KB: {(r.RssKbEach <= TargetKb ? "met" : "**missed**")}")} |");
        }
        sb.AppendLine();
    }

    public override object Json() => new
    {
        options = new { sessions = _sessions, warmUpConnections = WaitingMemory.WarmUp, drainWindowSeconds = _drainWindow.TotalSeconds },
        results = _results.Select(r => new
        {
            r.Path, r.Result.Connections, r.Result.Sessions, rssBeforeBytes = r.Result.RssBefore, rssAfterBytes = r.Result.RssAfter,
            gcHeapBeforeBytes = r.Result.GcBefore, gcHeapAfterBytes = r.Result.GcAfter, redisUsedBeforeBytes = r.Result.RedisBefore,
            redisUsedAfterBytes = r.Result.RedisAfter, rssKbEach = r.Result.RssKbEach, gcHeapKbEach = Finite(r.Result.GcKbEach),
            redisKbEach = Finite(r.Result.RedisKbEach), r.Result.DrainSeconds,
        }),
    };
}
