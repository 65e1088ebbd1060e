using System.Globalization;
using System.Text;
using GosChat.TestSupport;

namespace GosChat.Bench.Compare;

/// <summary>What every section of the capacity report measures with: the builds, the base settings, quick or not.</summary>
internal sealed record CapacityRun(ServerBuild Bare, ServerBuild GosChat, IReadOnlyDictionary<string, string> Settings, bool Quick);

/// <summary>One figure of the report's summary: what was measured, beside its baseline, the ratio and the target.</summary>
internal sealed record SummaryRow(string Figure, string Measured, string Baseline, string Ratio, string Target, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "**missed**", null => "not measured" };
}

/// <summary>
/// One group of figures in the capacity report: the parts it measures, each selectable by a <c>--targets</c> key, its
/// rows in the summary, its own section of the Markdown report, and its part of the JSON.
/// </summary>
internal abstract class ReportSection
{
    /// <summary>The <c>--targets</c> keys of this section, in the order they run.</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>The JSON property of this section's figures.</summary>
    public abstract string Name { get; }

    public abstract bool Measured { get; }

    public abstract Task RunAsync(string key, CapacityRun run);

    public abstract IEnumerable<SummaryRow> Summary();

    public abstract void AppendMarkdown(StringBuilder sb);

    public abstract object Json();

    /// <summary>A number for the report, invariant culture; ∞ for what never arrived.</summary>
    public static string F(double v, string format = "0") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "∞";

    /// <summary>A number for JSON: null for what never arrived or was not measured.</summary>
    protected static double? Finite(double v) => double.IsFinite(v) ? v : null;

    /// <summary>
    /// Runs <paramref name="body"/> against a fresh process of <paramref name="build"/> on core 0, on a redis-server of its
    /// own (started by this driver, so on core 1) when <paramref name="store"/> is <c>redis</c>; stops both after.
    /// </summary>
    protected static async Task<T> OnServerAsync<T>(ServerBuild build, string store, IReadOnlyDictionary<string, string> settings,
        Func<ServerProcess, RedisServer?, Task<T>> body)
    {
        using var redis = store == "redis" ? RedisServer.Start() : null;
        await using var server = await ServerProcess.StartAsync(build, redis?.ConnectionString, core: 0, settings);
        return await body(server, redis);
    }

    /// <summary>The store a key ends with (<c>growth-redis</c> → <c>redis</c>).</summary>
    protected static string StoreOf(string key) => key[(key.LastIndexOf('-') + 1)..];
}
