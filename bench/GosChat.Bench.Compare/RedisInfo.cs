using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>
/// Reads INFO sections of a redis-server over a plain connection of its own (inline commands, no client library), so
/// the only commands it adds to the server's counts are its own INFO calls.
/// </summary>
public sealed class RedisInfo : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RedisInfo(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RedisInfo> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RedisInfo(client);
    }

    /// <summary>Calls so far per command (<c>INFO commandstats</c>: <c>cmdstat_NAME:calls=N,…</c>).</summary>
    public async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in await ReadAsync("commandstats"))
        {
            if (!key.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var first = value.Split(',')[0]; // calls=N
            calls[key["cmdstat_".Length..]] = long.Parse(first[(first.IndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        }
        return calls;
    }

    /// <summary>The memory redis-server holds for its data and itself (<c>INFO memory</c>: <c>used_memory</c>), in bytes.</summary>
    public async Task<long> UsedMemoryAsync() =>
        long.Parse((await ReadAsync("memory")).First(kv => kv.Key == "used_memory").Value, CultureInfo.InvariantCulture);

    /// <summary>An INFO call of a section that does not exist: it answers nothing, and MONITOR shows it (<see cref="RedisMonitor"/>).</summary>
    public Task MarkAsync(string marker) => ReadAsync(marker);

    /// <summary>Calls per command from <paramref name="before"/> to <paramref name="after"/>, leaving out this reader's own INFO calls.</summary>
    public static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Where(kv => kv.Key != "info")
            .Select(kv => (kv.Key, Calls: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(x => x.Calls > 0)
            .ToDictionary(x => x.Key, x => x.Calls, StringComparer.Ordinal);

    private async Task<List<KeyValuePair<string, string>>> ReadAsync(string section)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"INFO {section}\r\n"));
        // The reply is one bulk string: $<length>\r\n<text>\r\n
        var header = await ReadLineAsync();
        if (!header.StartsWith('$')) throw new InvalidOperationException($"redis-server answered INFO {section} with {header}");
        var body = new byte[int.Parse(header[1..], CultureInfo.InvariantCulture) + 2];
        await _stream.ReadExactlyAsync(body);
        return Encoding.UTF8.GetString(body).Split("\r\n")
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(':'))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..]))
            .ToList();
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one);
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
