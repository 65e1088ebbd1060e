namespace GosChat.Bench.Compare;

/// <summary>
/// The server's memory before and after <see cref="Connections"/> connections were opened (each with a session
/// waiting, for GosChat): resident memory (VmRSS), the GC heap after the last collection where the server serves
/// /metrics, and on Redis the memory redis-server reports in use. No collection is forced.
/// </summary>
public sealed record WaitingMemoryResult(int Connections, bool Sessions, long RssBefore, long RssAfter, long? GcBefore, long? GcAfter,
    long? RedisBefore, long? RedisAfter, double DrainSeconds)
{
    public double RssKbEach => (RssAfter - RssBefore) / 1024.0 / Connections;

    public double GcKbEach => GcBefore is { } a && GcAfter is { } b ? (b - a) / 1024.0 / Connections : double.NaN;

    public double RedisKbEach => RedisBefore is { } a && RedisAfter is { } b ? (b - a) / 1024.0 / Connections : double.NaN;
}

/// <summary>
/// Memory per waiting session with its connection: on a fresh server process, <see cref="WarmUp"/> connections open
/// (each starting a session and closing it, for GosChat) and close first, so one-off costs (JIT, pools, the first
/// scrape of /metrics) are not counted; once the server has drained, its memory is read; then <c>count</c> connections
/// open to the chat hub, each on a WebSocket of its own (<see cref="LeanHubClient"/>), and with <c>startSessions</c>
/// each starts a session and leaves it waiting (nobody is signed in); once the server has drained again, its memory is
/// read again. The difference ÷ <c>count</c> is the cost of one. The bare hub, measured the same way without sessions,
/// gives the cost of a bare idle SignalR connection.
/// </summary>
public static class WaitingMemory
{
    public const int WarmUp = 50;

    public static async Task<WaitingMemoryResult> RunAsync(ServerProcess server, int? redisPort, int count, bool startSessions, TimeSpan drainWindow)
    {
        var chat = new Uri(server.BaseAddress, "hubs/chat");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16 };
        await Parallel.ForEachAsync(Enumerable.Range(0, WarmUp), parallel, async (_, _) =>
        {
            await using var c = await LeanHubClient.ConnectAsync(chat, null);
            if (!startSessions) return;
            await c.InvokeAsync("StartSession", FreeOperators.StartRequest);
            await c.InvokeAsync("CloseSession");
        });
        await server.GcHeapBytesAsync(); // the first scrape of /metrics has one-off costs too
        using var redis = redisPort is { } port ? await RedisInfo.ConnectAsync(port) : null;
        await server.DrainAsync(drainWindow);
        var (rssBefore, gcBefore, redisBefore) = await ReadAsync(server, redis);

        var clients = new LeanHubClient[count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, _) =>
            {
                clients[i] = await LeanHubClient.ConnectAsync(chat, null);
                if (startSessions) await clients[i].InvokeAsync("StartSession", FreeOperators.StartRequest);
            });
            var drained = await server.DrainAsync(drainWindow);
            var (rssAfter, gcAfter, redisAfter) = await ReadAsync(server, redis);
            await DumpHeapAsync(server, startSessions);
            return new WaitingMemoryResult(count, startSessions, rssBefore, rssAfter, gcBefore, gcAfter, redisBefore, redisAfter, drained);
        }
        finally
        {
            await Task.WhenAll(clients.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// With GOSCHAT_BENCH_GCDUMP set to a folder, a heap dump of the server with its sessions waiting
    /// (<c>dotnet-gcdump</c>, which must be installed), to see what a waiting session holds; off by default.
    /// </summary>
    private static async Task DumpHeapAsync(ServerProcess server, bool sessions)
    {
        if (Environment.GetEnvironmentVariable("GOSCHAT_BENCH_GCDUMP") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"waiting-{(sessions ? "sessions" : "connections")}-{server.ProcessId}.gcdump");
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        Console.WriteLine(await ServerBuild.Run(File.Exists(tool) ? tool : "dotnet-gcdump", $"collect -p {server.ProcessId} -o {file}", folder));
    }

    /// <summary>Resident memory first: reading /metrics allocates in the server.</summary>
    private static async Task<(long Rss, long? Gc, long? Redis)> ReadAsync(ServerProcess server, RedisInfo? redis)
    {
        var rss = server.ResidentBytes ?? throw new InvalidOperationException("the server's VmRSS cannot be read (/proc/<pid>/status)");
        return (rss, await server.GcHeapBytesAsync(), redis is null ? null : await redis.UsedMemoryAsync());
    }
}
