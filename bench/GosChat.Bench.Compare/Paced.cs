using System.Diagnostics;

namespace GosChat.Bench.Compare;

/// <summary>Calls made at a fixed pace (open loop: a slow call does not hold back the next one).</summary>
public static class Paced
{
    /// <summary>
    /// Makes <paramref name="count"/> calls, call i due at i ÷ <paramref name="perSecond"/> s, each as a task of its own,
    /// and waits for all of them. Returns each call's time from its start to its completion, in ms.
    /// </summary>
    public static async Task<double[]> RunAsync(int count, double perSecond, Func<int, Task> call)
    {
        var pace = TimeSpan.FromSeconds(1 / perSecond);
        var clock = Stopwatch.StartNew();
        var samples = new double[count];
        var calls = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var due = pace * i;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var index = i;
            calls[i] = Task.Run(async () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                await call(index);
                samples[index] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
        }
        await Task.WhenAll(calls);
        return samples;
    }
}
