using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace GosChat.TestSupport.Logging;

/// <summary>
/// Every log line of every test server of this test run, at Debug and above, written to one file as a console or
/// JSON sink would see it (message, structured values, scopes, exception), and the personal data and secrets the run
/// used (<see cref="Sensitive"/>). <see cref="Leaks"/> scans the lines for them; each test assembly asserts it is
/// empty once all its tests have run (its <c>LogScan</c> set-up fixture).
/// </summary>
public static class LogCapture
{
    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, byte> Needles = new(StringComparer.Ordinal);
    private static StreamWriter? _writer;
    private static long _lines;

    /// <summary>The file the lines go to (removed by <see cref="Leaks"/>'s caller when clean).</summary>
    public static string FilePath { get; } = Path.Combine(Path.GetTempPath(), $"goschat-test-log-{Environment.ProcessId}.log");

    public static long Lines => Interlocked.Read(ref _lines);

    /// <summary>A provider for a test server's logging: everything at Debug and above goes to the file.</summary>
    public static LogCaptureProvider NewProvider() => new();

    /// <summary>
    /// Something no log line may contain (a message text, a name, a phone number, a token). Short values that could
    /// occur in ordinary log text by chance are ignored: under 8 characters of ASCII, under 4 of anything else. A phone
    /// number is also looked for as its bare digits.
    /// </summary>
    public static void Sensitive(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        value = value.Trim();
        var ascii = value.All(char.IsAscii);
        if (value.Length < (ascii ? 8 : 4)) return;
        Needles.TryAdd(value, 0);
        if (value.Count(char.IsAsciiDigit) >= 10 && value.All(c => char.IsAsciiDigit(c) || " +()-.".Contains(c)))
            Needles.TryAdd(new string(value.Where(char.IsAsciiDigit).ToArray()), 0);
    }

    public static IReadOnlyCollection<string> SensitiveValues => Needles.Keys.ToList();

    internal static void Write(string line)
    {
        lock (Gate)
        {
            _writer ??= new StreamWriter(new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            _writer.WriteLine(line.Replace('\n', ' ').Replace('\r', ' '));
            _lines++;
        }
    }

    /// <summary>The log lines that contain a sensitive value (at most <paramref name="max"/>), each with what it leaked.</summary>
    public static IReadOnlyList<string> Leaks(int max = 20)
    {
        lock (Gate) _writer?.Flush();
        var needles = Needles.Keys.ToArray();
        if (needles.Length == 0 || !File.Exists(FilePath)) return [];
        var search = SearchValues.Create(needles, StringComparison.Ordinal);
        var leaks = new List<string>();
        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line && leaks.Count < max)
        {
            if (line.AsSpan().IndexOfAny(search) < 0) continue;
            var leaked = needles.First(n => line.Contains(n, StringComparison.Ordinal));
            leaks.Add($"«{leaked}» in: {(line.Length > 400 ? line[..400] + "…" : line)}");
        }
        return leaks;
    }

}

/// <summary>The provider of <see cref="LogCapture"/>; filtered at Debug whatever the server's configuration says.</summary>
public sealed class LogCaptureProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>How many of its latest lines a provider (one test server) keeps in memory for <see cref="Lines"/>.</summary>
    public const int Kept = 50_000;

    private IExternalScopeProvider? _scopes;
    private readonly ConcurrentQueue<string> _recent = new();

    /// <summary>This server's latest log lines, oldest first: "Level Category[EventId] message | values => scopes || exception".</summary>
    public IReadOnlyList<string> Lines => _recent.ToArray();

    private void Add(string line)
    {
        _recent.Enqueue(line);
        while (_recent.Count > Kept) _recent.TryDequeue(out _);
        LogCapture.Write(line);
    }

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, this);
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
    public void Dispose() { }

    private sealed class CaptureLogger(string category, LogCaptureProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ")
                .Append(formatter(state, exception));
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values)
                    if (key != "{OriginalFormat}") line.Append(" | ").Append(key).Append('=').Append(value);
            provider._scopes?.ForEachScope((scope, sb) => sb.Append(" => ").Append(scope), line);
            if (exception is not null) line.Append(" || ").Append(exception);
            provider.Add(line.ToString().Replace('\n', ' ').Replace('\r', ' '));
        }
    }
}
