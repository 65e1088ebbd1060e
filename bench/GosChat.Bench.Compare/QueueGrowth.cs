using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

public sealed record QueueGrowthOptions(IReadOnlyList<int> Sizes, int Starts, double StartsPerSecond, TimeSpan IdleTime);

/// <summary>StartSession latency with <see cref="Waiting"/> sessions already waiting.</summary>
public sealed record QueueGrowthStep(int Waiting, Stats Start);

/// <summary>The steps, and the server's CPU while idle with the largest queue (share of one core).</summary>
public sealed record QueueGrowthResult(IReadOnlyList<QueueGrowthStep> Steps, double IdleCpuShare);

/// <summary>
/// How GosChat's costs grow with the queue: nobody is signed in, so every session started stays waiting. For each
/// size W (ascending), the queue is filled up to W sessions (as fast as the server takes them; not measured), then
/// <c>Starts</c> more sessions start at a fixed pace, each on a connection of its own, and the StartSession round trip
/// is measured. Last, with the largest queue waiting and no client doing anything, the server's CPU time over
/// <c>IdleTime</c> gives its idle load (the sweep, live figures and dispatch passes that run on their own).
/// </summary>
public static class QueueGrowth
{
    private const int Fillers = 32;

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
            var waiting = 0;
            foreach (var size in o.Sizes.Order())
            {
                waiting = await FillAsync(fillers, waiting, size);
                steps.Add(new QueueGrowthStep(waiting, await MeasureStartsAsync(server, o)));
                waiting += o.Starts;
            }

            await Task.Delay(TimeSpan.FromSeconds(2)); // the last starts' dispatch passes and pushes settle
            var cpuBefore = server.CpuTime;
            var idle = Stopwatch.StartNew();
            await Task.Delay(o.IdleTime);
            var share = (server.CpuTime - cpuBefore).TotalSeconds / idle.Elapsed.TotalSeconds;
            return new QueueGrowthResult(steps, share);
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

    private static async Task<Stats> MeasureStartsAsync(ServerProcess server, QueueGrowthOptions o)
    {
        var citizens = new List<HubConnection>();
        try
        {
            for (var i = 0; i < o.Starts; i++)
            {
                var c = Connect(server);
                await c.StartAsync();
                citizens.Add(c);
            }
            var pace = TimeSpan.FromSeconds(1 / o.StartsPerSecond);
            var clock = Stopwatch.StartNew();
            var samples = new double[o.Starts];
            var starts = new List<Task>();
            for (var i = 0; i < citizens.Count; i++)
            {
                var due = pace * i;
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
                var (citizen, index) = (citizens[i], i);
                starts.Add(Task.Run(async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await StartAsync(citizen);
                    samples[index] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }));
            }
            await Task.WhenAll(starts);
            return Stats.Of(samples);
        }
        finally
        {
            await Task.WhenAll(citizens.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static Task<JsonElement> StartAsync(HubConnection citizen) =>
        citizen.InvokeAsync<JsonElement>("StartSession", new { topic = "101", text = "Не приходит СМС-код для входа", language = "ru" });

    private static HubConnection Connect(ServerProcess server) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/chat"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
}
