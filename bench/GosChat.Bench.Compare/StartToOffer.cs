using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

/// <param name="Starts">Sessions started in the measured window, each by a citizen on a WebSocket of its own.</param>
/// <param name="StartsPerSecond">The pace of the starts.</param>
/// <param name="Operators">Operators signed in and accepting; each may hold <see cref="MaxChats"/> chats.</param>
/// <param name="DrainWindow">The quiet window that shows the server has drained.</param>
public sealed record StartToOfferOptions(int Starts, double StartsPerSecond, int Operators, TimeSpan DrainWindow)
{
    /// <summary>Starts made again under MONITOR, on Redis, to see who sent which command.</summary>
    public int MonitoredStarts => Math.Min(Starts, 200);

    /// <summary>
    /// A wave of starts at the measured pace, closed again, before the measured one (and as many hops through the bare
    /// hub before its): a fresh process compiles its hot code a second time, optimised, once each method has run about
    /// 30 times (tiered compilation), and the handful of warm-up conversations leaves much of the start path short of
    /// that; measured without this wave, that compilation ran on the server's one core during the measured starts.
    /// </summary>
    public int WarmUpStarts => WarmUpStartsFor(Starts);

    /// <summary>The warm-up wave before <paramref name="starts"/> timed starts (or hops through the bare hub).</summary>
    public static int WarmUpStartsFor(int starts) => Math.Min(starts, 200);

    /// <summary>Room for every start (the timed and the monitored), and one chat more.</summary>
    public int MaxChats => (Starts + MonitoredStarts + Operators - 1) / Operators + 1;
}

/// <summary>
/// Start → offer at the operator; on Redis, the commands redis-server counted over the measured window (by command,
/// this driver's own INFO calls left out) and over a quiet window before it, scaled to the measured window's length.
/// </summary>
/// <param name="ByTag">On Redis, the commands of <see cref="StartToOfferOptions.MonitoredStarts"/> more starts, seen by MONITOR.</param>
public sealed record StartToOfferResult(Stats StartToOffer, int Assignments, double WindowSeconds,
    IReadOnlyDictionary<string, long>? Commands, IReadOnlyDictionary<string, double>? QuietCommands, RedisCommandsByTag? ByTag, int MonitoredAssignments)
{
    public double CommandsPerAssignment => Commands is null ? double.NaN : Commands.Values.Sum() / (double)Math.Max(1, Assignments);

    public double QuietPerAssignment => QuietCommands is null ? double.NaN : QuietCommands.Values.Sum() / Math.Max(1, Assignments);
}

/// <summary>
/// Start → offer with free operators: <c>Operators</c> sign in, make themselves available and accept every offer at
/// once (<see cref="FreeOperators"/>); after the warm-up conversations and once the server has drained, <c>Starts</c>
/// citizens start sessions at <c>StartsPerSecond</c>, and the time from each StartSession call to its offer's arrival
/// at the operator is measured. On Redis, <c>INFO commandstats</c> is read before the first start and again once every
/// session is accepted and the server has drained (so work the starts left behind counts too); the same is read over
/// a quiet window before, to show what the node does on its own meanwhile (probes, job polling). Then, on Redis,
/// <c>MonitoredStarts</c> more sessions start the same way under MONITOR (<see cref="RedisMonitor"/>: not timed, since
/// MONITOR slows redis-server down), to tell the commands the node sent from those scripts ran, and which keys each touched.
/// </summary>
public static class StartToOffer
{
    public static async Task<StartToOfferResult> RunAsync(ServerProcess server, int? redisPort, StartToOfferOptions o)
    {
        await using var desk = await FreeOperators.SignInAsync(server, o.Operators);
        await desk.WarmUpAsync();
        var warm = await desk.ConnectCitizensAsync(o.WarmUpStarts);
        await desk.StartSessionsAsync(warm, o.StartsPerSecond);
        await Task.WhenAll(warm.Select(c => c.InvokeAsync("CloseSession")));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the closes free their operators
        desk.Forget();
        var citizens = await desk.ConnectCitizensAsync(o.Starts);
        var monitored = redisPort is null ? [] : await desk.ConnectCitizensAsync(o.MonitoredStarts);
        await server.DrainAsync(o.DrainWindow);

        using var redis = redisPort is { } port ? await RedisInfo.ConnectAsync(port) : null;
        Dictionary<string, long>? quiet = null;
        var quietSeconds = 0.0;
        if (redis is not null)
        {
            var q0 = await redis.CommandCallsAsync();
            var q = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(o.DrainWindow.TotalSeconds, o.Starts / o.StartsPerSecond)));
            quiet = RedisInfo.Delta(q0, await redis.CommandCallsAsync());
            quietSeconds = q.Elapsed.TotalSeconds;
        }

        var before = redis is null ? null : await redis.CommandCallsAsync();
        var window = Stopwatch.StartNew();
        var startToOffer = await desk.StartSessionsAsync(citizens, o.StartsPerSecond);
        await server.DrainAsync(o.DrainWindow);
        var after = redis is null ? null : await redis.CommandCallsAsync();
        var seconds = window.Elapsed.TotalSeconds;
        var assignments = desk.Accepted.Count;

        RedisCommandsByTag? byTag = null;
        if (redis is not null)
        {
            using var monitor = await RedisMonitor.StartAsync(redisPort!.Value);
            await desk.StartSessionsAsync(monitored, o.StartsPerSecond);
            await server.DrainAsync(o.DrainWindow);
            byTag = await monitor.StopAsync(redis);
        }

        return new StartToOfferResult(startToOffer, assignments, seconds,
            before is null ? null : RedisInfo.Delta(before, after!),
            quiet?.ToDictionary(kv => kv.Key, kv => kv.Value * seconds / quietSeconds, StringComparer.Ordinal),
            byTag, desk.Accepted.Count - assignments);
    }
}

/// <summary>
/// The baseline of start → offer: one hop through the bare SignalR hub at the same pace and with the same client — a
/// citizen connection's SendMessage reaching its paired operator connection as a Message event, from the call to the
/// arrival. Any server's offer has to make at least this trip.
/// </summary>
public static class BareHop
{
    private const int Pairs = 20;

    public static async Task<Stats> RunAsync(ServerProcess bare, int messages, double perSecond)
    {
        var arrivedAt = new ConcurrentDictionary<string, long>();
        var connections = new List<HubConnection>();
        try
        {
            var citizens = new List<HubConnection>();
            for (var i = 0; i < Pairs; i++)
            {
                var op = FreeOperators.Connect(bare, $"hubs/operator?pair={i}", null);
                connections.Add(op);
                op.On<JsonElement>("Message", m => arrivedAt.TryAdd(m.GetProperty("clientMessageId").GetString()!, Stopwatch.GetTimestamp()));
                await op.StartAsync();
                var citizen = FreeOperators.Connect(bare, $"hubs/chat?pair={i}", null);
                connections.Add(citizen);
                await citizen.StartAsync();
                // The hub pairs the connections as the operator's connects: a first message proves it has.
                for (var attempt = 0; !(await citizen.InvokeAsync<JsonElement>("SendMessage", "hello", $"setup-{i}")).GetProperty("delivered").GetBoolean(); attempt++)
                {
                    if (attempt == 50) throw new InvalidOperationException("the bare hub did not find a citizen's operator");
                    await Task.Delay(20);
                }
                citizens.Add(citizen);
            }
            async Task<double[]> Hops(string prefix, int count)
            {
                var sentAt = new long[count];
                await Paced.RunAsync(count, perSecond, async i =>
                {
                    sentAt[i] = Stopwatch.GetTimestamp();
                    await citizens[i % citizens.Count].InvokeAsync<JsonElement>("SendMessage", "Не приходит СМС-код для входа", $"{prefix}{i}");
                });
                await FreeOperators.WaitAsync(() => Enumerable.Range(0, count).All(i => arrivedAt.ContainsKey($"{prefix}{i}")),
                    TimeSpan.FromSeconds(60), "every message relayed");
                return [.. Enumerable.Range(0, count).Select(i => Stopwatch.GetElapsedTime(sentAt[i], arrivedAt[$"{prefix}{i}"]).TotalMilliseconds)];
            }
            await Hops("warm-", Workload.WarmUpConversations + StartToOfferOptions.WarmUpStartsFor(messages)); // as many as the offers' warm-up
            return Stats.Of(await Hops("m", messages));
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
