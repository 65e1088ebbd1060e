using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace GosChat.Bench.Compare;

/// <summary>
/// Commands redis-server ran, grouped by who sent them: the ones a client sent (each a command on the wire; commands
/// in one pipeline or transaction still share a round trip) by the hash tag of their keys (<c>goschat:v1:{routing}:…</c>
/// → <c>{routing}</c>, every <c>{s:…}</c> together), and the ones scripts ran inside redis-server.
/// </summary>
public sealed record RedisCommandsByTag(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Sent, IReadOnlyDictionary<string, long> InScripts);

/// <summary>
/// <c>MONITOR</c> on a connection of its own: every command redis-server runs, as it runs it. MONITOR costs redis-server
/// work of its own, so it runs apart from the timed starts.
/// </summary>
public sealed partial class RedisMonitor : IDisposable
{
    private const string EndMarker = "goschat-bench-monitor-end";

    private readonly TcpClient _client;
    private readonly StreamReader _reader;

    private RedisMonitor(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), Encoding.UTF8);
    }

    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        await client.GetStream().WriteAsync("MONITOR\r\n"u8.ToArray());
        var monitor = new RedisMonitor(client);
        var ok = await monitor._reader.ReadLineAsync();
        if (ok != "+OK") throw new InvalidOperationException($"redis-server answered MONITOR with {ok}");
        return monitor;
    }

    /// <summary>Marks the end (an INFO call of <paramref name="info"/> that MONITOR shows too) and returns every command seen until it, grouped.</summary>
    public async Task<RedisCommandsByTag> StopAsync(RedisInfo info)
    {
        await info.MarkAsync(EndMarker);
        var lines = new List<string>();
        while (await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line && !line.Contains(EndMarker, StringComparison.Ordinal))
            lines.Add(line);
        return Group(lines);
    }

    /// <summary>
    /// Groups MONITOR lines (<c>+1700000000.123456 [0 127.0.0.1:5555] "evalsha" "…" "1" "goschat:v1:{routing}:…"</c>; a script's
    /// own calls show <c>[0 lua]</c>). A command without a key (MULTI, SELECT, EXEC) counts with the keyed commands of the same
    /// client around it: those before the next keyed command go with it, EXEC and DISCARD with the one before.
    /// </summary>
    public static RedisCommandsByTag Group(IEnumerable<string> lines)
    {
        var sent = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var inScripts = new Dictionary<string, long>(StringComparer.Ordinal);
        var pending = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lastTag = new Dictionary<string, string>(StringComparer.Ordinal);
        void Count(string tag, string command)
        {
            if (!sent.TryGetValue(tag, out var commands)) sent[tag] = commands = new Dictionary<string, long>(StringComparer.Ordinal);
            commands[command] = commands.GetValueOrDefault(command) + 1;
        }
        foreach (var line in lines)
        {
            var m = Line().Match(line);
            if (!m.Success) continue;
            var (client, command) = (m.Groups["client"].Value, m.Groups["command"].Value.ToLowerInvariant());
            if (command == "info") continue; // this driver's own
            if (client == "lua")
            {
                inScripts[command] = inScripts.GetValueOrDefault(command) + 1;
                continue;
            }
            var key = Tag().Match(line, m.Length);
            if (key.Success)
            {
                var tag = key.Groups["tag"].Value.StartsWith("s:", StringComparison.Ordinal) ? "{s:…}" : "{" + key.Groups["tag"].Value + "}";
                Count(tag, command);
                foreach (var before in pending.GetValueOrDefault(client) ?? []) Count(tag, before);
                pending.Remove(client);
                lastTag[client] = tag;
            }
            else if (command is "exec" or "discard" && lastTag.TryGetValue(client, out var previous)) Count(previous, command);
            else if (command is "multi" or "select" or "watch" or "unwatch") (pending.TryGetValue(client, out var list) ? list : pending[client] = []).Add(command);
            else Count("no GosChat key", command);
        }
        foreach (var command in pending.Values.SelectMany(l => l)) Count("no GosChat key", command);
        return new RedisCommandsByTag(sent.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, long>)kv.Value, StringComparer.Ordinal), inScripts);
    }

    [GeneratedRegex("""^\+?\d+\.\d+ \[\d+ (?<client>[^\]]+)\] "(?<command>[^"]+)"\s*""")]
    private static partial Regex Line();

    [GeneratedRegex("""goschat:v1:\{(?<tag>[^}]+)\}""")]
    private static partial Regex Tag();

    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }
}
