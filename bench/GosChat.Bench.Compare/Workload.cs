using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Bench.Compare;

public sealed record WorkloadOptions(int Pairs, TimeSpan RelayTime, double StartsPerSecond, int MessageLength, int StartWaves = 1);

public sealed record WorkloadResult(Stats StartToOffer, Stats Delivery, double DeliveredPerSecond, double ServerCpuMicrosPerMessage);

/// <summary>
/// The workload, over real WebSockets with the SignalR .NET client: <c>Pairs</c> operators (one chat each) sign
/// in and auto-accept; as many citizens start sessions at a fixed pace (start → offer at the operator is
/// measured), in <c>StartWaves</c> waves (each but the last closed again, which frees the operators for the next, so
/// the start → offer figures rest on Pairs × StartWaves starts); then every citizen sends messages of <c>MessageLength</c> characters in a closed loop for
/// <c>RelayTime</c> (send → arrival at the operator, and delivered messages per second, are measured).
/// </summary>
public static class Workload
{
    public const string Password = "bench-password";

    /// <summary>Whole conversations (start, offer, accept, a message, close) run before anything is measured.</summary>
    public const int WarmUpConversations = 20;

    public static async Task<WorkloadResult> RunAsync(ServerProcess server, WorkloadOptions o)
    {
        await using var desk = await FreeOperators.SignInAsync(server, o.Pairs);
        await desk.WarmUpAsync();
        var citizens = await desk.ConnectCitizensAsync(o.Pairs);

        // Starts at a fixed pace, with free operators, wave after wave; the last wave's sessions carry the relay.
        var startToOffer = await desk.StartSessionsAsync(citizens, o.StartsPerSecond, o.StartWaves);

        // The relay, once the server has drained what the starts left behind (deadline jobs): each citizen sends in a closed loop.
        await server.DrainAsync(TimeSpan.FromSeconds(1));
        var text = new string('я', o.MessageLength);
        var sentAt = new ConcurrentDictionary<string, long>();
        var cpuBefore = server.CpuTime;
        var relay = Stopwatch.StartNew();
        await Task.WhenAll(citizens.Select((citizen, c) => Task.Run(async () =>
        {
            for (var n = 0; relay.Elapsed < o.RelayTime; n++)
            {
                var id = $"c{c}-{n}";
                sentAt[id] = Stopwatch.GetTimestamp();
                await citizen.InvokeAsync<JsonElement>("SendMessage", text, id);
            }
        })));
        await FreeOperators.WaitAsync(() => sentAt.Keys.All(desk.ReceivedAt.ContainsKey), TimeSpan.FromSeconds(60), "every message delivered");
        var seconds = relay.Elapsed.TotalSeconds;
        var cpu = server.CpuTime - cpuBefore;

        var delivery = sentAt.Select(kv => Stopwatch.GetElapsedTime(kv.Value, desk.ReceivedAt[kv.Key]).TotalMilliseconds);
        return new WorkloadResult(startToOffer, Stats.Of(delivery), sentAt.Count / seconds,
            cpu.TotalMicroseconds / Math.Max(1, sentAt.Count));
    }
}

public sealed record Stats(double P50, double P99, int Count)
{
    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) return new Stats(0, 0, 0);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Stats(At(0.50), At(0.99), sorted.Length);
    }
}
