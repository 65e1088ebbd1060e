using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

/// <summary>
/// The citizen's wait estimate against a simulated queue: slots of the operators present, some busy, handle times
/// drawn at random (exponential, the model's assumption) around the recent mean; the p-th in line takes the first slot
/// to free after those ahead. The mean simulated wait over many runs must be within 3 % (or 2 s) of the estimate.
/// </summary>
public sealed class WaitEstimateSimulationTests
{
    private const int Runs = 20_000;

    [TestCase(new[] { 3, 3 }, new[] { 3, 3 }, 5, 180)]    // two chat operators, full: 5th in line
    [TestCase(new[] { 3, 3, 2 }, new[] { 3, 1, 2 }, 6, 240)] // two free slots of eight
    [TestCase(new[] { 1 }, new[] { 1 }, 4, 300)]          // one slot
    [TestCase(new[] { 3, 3, 3, 3 }, new[] { 3, 3, 3, 3 }, 20, 420)]
    public void Estimate_IsWithinToleranceOfASimulatedQueue(int[] maxChats, int[] busy, int position, int handleSeconds)
    {
        var ops = maxChats.Select((m, i) => new OperatorState
        {
            Id = "op" + i, Name = "op" + i, Queues = ["101"], Languages = ["ru"], MaxChats = m, Presence = Presence.Available, Connections = ["c" + i],
            Work = Enumerable.Range(0, busy[i]).Select(k => new ActiveWork($"s{i}-{k}", Channel.Chat)).ToList(),
        }).ToList();
        var snapshot = new RoutingSnapshot([], ops, [], new Dictionary<string, IReadOnlyList<int>> { ["101"] = [handleSeconds] });
        var estimate = new QueueMetrics(new ContactCentreOptions()).Estimate(snapshot, "101", position);

        var simulated = Simulate(maxChats.Sum(), busy.Sum(), position, handleSeconds, new Random(42));

        Assert.That(estimate, Is.EqualTo(simulated).Within(Math.Max(2, simulated * 0.03)), $"simulated mean {simulated:0.0} s");
    }

    /// <summary>The mean wait of the <paramref name="position"/>-th in line, over <see cref="Runs"/> runs.</summary>
    private static double Simulate(int slots, int busy, int position, double handleSeconds, Random random)
    {
        double Exp() => -handleSeconds * Math.Log(1 - random.NextDouble());
        var total = 0.0;
        var freeAt = new double[slots];
        for (var run = 0; run < Runs; run++)
        {
            // A busy slot's remaining time is exponential too (the model is memoryless); free slots are free now.
            for (var s = 0; s < slots; s++) freeAt[s] = s < busy ? Exp() : 0;
            var start = 0.0;
            for (var k = 0; k < position; k++)
            {
                var first = 0;
                for (var s = 1; s < slots; s++) if (freeAt[s] < freeAt[first]) first = s;
                start = freeAt[first];
                freeAt[first] = start + Exp();
            }
            total += start;
        }
        return total / Runs;
    }
}
