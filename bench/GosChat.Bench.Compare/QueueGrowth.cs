using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

/// <param name="DrainWindow">The quiet window that shows the server has drained (see <see cref="ServerProcess.DrainAsync"/>).</param>
public sealed record QueueGrowthOptions(IReadOnlyList<int> Sizes, int Starts, double StartsPerSecond, TimeSpan IdleTime, TimeSpan? DrainWindow = null);

/// <summary>
/// StartSession latency with <see cref="Waiting"/> sessions already waiting, the server's CPU while idle with them
/// (share of one core), and how long the work left behind by the fill and by the starts took to drain.
/// </summary>
public sealed record QueueGrowthStep(int Waiting, Stats Start, double IdleCpuShare, double FillDrainSeconds, double DrainSeconds);

public sealed record QueueGrowthResult(IReadOnlyList<QueueGrowthStep> Steps);

/// <summary>
/// How GosChat's costs grow with the queue: nobody is signed in, so every session started stays waiting. For each
/// size W (ascending), the queue is filled up to W sessions (as fast as the server takes them; not measured) and the
/// server is let drain what the fill left behind, then <c>Starts</c> more sessions start at a fixed pace, each on a connection of its own, and the StartSession round trip
/// is measured; then, with no client doing anything, the server's CPU time over <c>IdleTime</c> gives its idle load
/// with that queue (the sweep, live figures, dispatch passes and job polling that run on their own). Before all that,
/// <see cref="WarmUp"/> sessions start and close (not measured), so a fresh process's cold first calls are not what
/// the shortest queue's figures report.
/// </summary>
public static class QueueGrowth
{
    private const int Fillers = 32;
    public const int WarmUp = 40;
    public const int WarmUpWaves = 3;
    public const int SettleStarts = 100;

    public static async Task<QueueGrowthResult> RunAsync(ServerProcess server, QueueGrowthOptions o)
    {
        var steps = new List<QueueGrowthStep>();
        var fillers = new List<HubConnection>();
        try
        {
            for (var i = 0; i < Fillers; i++)
            {
                var c = Connect(server);
                await c.StartAsync();
                fillers.Add(c);
            }
            for (var i = 0; i < WarmUp; i++)
            {
                var c = fillers[i % fillers.Count];
                await StartAsync(c);
                await c.InvokeAsync("CloseSession");
            }
            // Then waves shaped like each measured one (as many starts, at its pace, each on a connection of its own),
            // closed again: the path every step times has run often enough for the runtime to have recompiled it
            // optimised (on a process pinned to one core that took two waves of 200 on Redis: the counters showed
            // thousands of methods recompiled after the first), so the shortest queue's figures are not those of a
            // process still warming up.
            for (var wave = 0; wave < WarmUpWaves; wave++)
            {
                await MeasureStartsAsync(server, o, waiting: -1 - wave, close: true);
                await server.DrainAsync(o.DrainWindow);
            }
            var waiting = 0;
            foreach (var size in o.Sizes.Order())
            {
                // The last of the W join at the measured pace, the rest as fast as the server takes them: the collections
                // a burst of thousands of starts leaves owing fall due then, not in the timed window (the counters showed a
                // gen2 collection right after the fast fill, at the first timed starts).
                var settle = Math.Min(SettleStarts, Math.Max(0, size - waiting));
                waiting = await FillAsync(fillers, waiting, size - settle);
                if (settle > 0)
                {
                    await Paced.RunAsync(settle, o.StartsPerSecond, i => StartAsync(fillers[i % fillers.Count]));
                    waiting += settle;
                }
                var filled = await server.DrainAsync(o.DrainWindow); // the fill's own after-work is not what the starts measure
                var starts = await MeasureStartsAsync(server, o, waiting);
                var drain = await server.DrainAsync(o.DrainWindow);
                var idle = await server.CpuShareOverAsync(o.IdleTime);
                steps.Add(new QueueGrowthStep(waiting, starts, idle, filled, drain));
                if (Environment.GetEnvironmentVariable("GOSCHAT_BENCH_HOLD") is { } hold && size == o.Sizes.Max())
                {
                    // Time to attach a profiler to the idle server with the longest queue.
                    Console.WriteLine($"holding server process {server.ProcessId} for {hold} s");
                    await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, System.Globalization.CultureInfo.InvariantCulture)));
                }
                waiting += o.Starts;
            }
            return new QueueGrowthResult(steps);
        }
        finally
        {
            await Task.WhenAll(fillers.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Starts sessions on the filler connections (a connection may start many) until <paramref name="target"/> wait.</summary>
    private static async Task<int> FillAsync(List<HubConnection> fillers, int waiting, int target)
    {
        var next = waiting;
        await Task.WhenAll(fillers.Select(c => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= target)
                await StartAsync(c);
        })));
        return Math.Max(waiting, target);
    }

    /// <param name="waiting">The queue length, for the dump (-1: the warm-up wave).</param>
    /// <param name="close">Whether to close the sessions again (the warm-up wave).</param>
    private static async Task<Stats> MeasureStartsAsync(ServerProcess server, QueueGrowthOptions o, int waiting, bool close = false)
    {
        var citizens = new List<HubConnection>();
        try
        {
            var measured = await FreeOperators.ConnectCitizensAsync(server, o.Starts, citizens);
            var samples = await Paced.RunAsync(measured.Count, o.StartsPerSecond, i => StartAsync(measured[i]));
            if (close) await Task.WhenAll(measured.Select(c => c.InvokeAsync("CloseSession")));
            if (Environment.GetEnvironmentVariable("GOSCHAT_BENCH_DUMP_STARTS") is { Length: > 0 } dump)
                File.AppendAllLines(dump, samples.Select((ms, i) => $"{waiting} {DateTime.UtcNow:HH:mm:ss} {i / o.StartsPerSecond * 1000:F0} {ms:F2}"));
            return Stats.Of(samples);
        }
        finally
        {
            await Task.WhenAll(citizens.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static Task<JsonElement> StartAsync(HubConnection citizen) => citizen.InvokeAsync<JsonElement>("StartSession", FreeOperators.StartRequest);

    private static HubConnection Connect(ServerProcess server) => FreeOperators.Connect(server, "hubs/chat", null);
}
