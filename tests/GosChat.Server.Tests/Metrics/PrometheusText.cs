using System.Globalization;
using System.Text.RegularExpressions;

namespace GosChat.Server.Tests.Metrics;

/// <summary>One sample of the Prometheus text exposition format: name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a comment
/// (<c># HELP</c>, <c># TYPE</c> with a known type), blank, or a sample <c>name{label="value",…} value [timestamp]</c>;
/// anything else fails the parse. A metric's TYPE line comes before its samples.
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+(?<ts>-?\d+))?$""")]
    private static partial Regex Sample();

    [GeneratedRegex("""\G(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex Label();

    [GeneratedRegex("""^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>\S+)$""")]
    private static partial Regex TypeLine();

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var typed = new Dictionary<string, string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal) || line == "# EOF") continue;
            if (line.StartsWith('#'))
            {
                var t = TypeLine().Match(line);
                if (!t.Success || !Types.Contains(t.Groups["type"].Value)) throw new FormatException($"Bad comment line: {line}");
                typed[t.Groups["name"].Value] = t.Groups["type"].Value;
                continue;
            }
            var m = Sample().Match(line);
            if (!m.Success) throw new FormatException($"Bad sample line: {line}");
            var name = m.Groups["name"].Value;
            if (!typed.Keys.Any(family => name == family || name.StartsWith(family + "_", StringComparison.Ordinal)))
                throw new FormatException($"Sample before its TYPE line: {line}");
            var labels = new Dictionary<string, string>();
            var body = m.Groups["labels"].Value;
            var at = 0;
            while (at < body.Length)
            {
                var l = Label().Match(body, at);
                if (!l.Success) throw new FormatException($"Bad labels: {line}");
                labels[l.Groups["k"].Value] = l.Groups["v"].Value;
                at = l.Index + l.Length;
            }
            var value = m.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(name, labels, value));
        }
        return samples;
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);
}
