using System.Diagnostics;
using System.Text;

namespace GosChat.Bench.Compare;

/// <summary>Delivery latencies of one step, in a histogram a receive loop can add to without a lock.</summary>
public sealed class StepRecorder
{
    // 20 µs buckets up to 2 s, then 1 ms buckets up to 62 s; later arrivals count in the last bucket.
    private const int FineBuckets = 100_000;
    private const double FineMicros = 20;
    private const int CoarseBuckets = 60_000;
    private readonly long[] _counts = new long[FineBuckets + CoarseBuckets];
    private long _received;

    public long Sent;

    public long Received => Interlocked.Read(ref _received);

    public void Add(long scheduled, long arrived)
    {
        var micros = Stopwatch.GetElapsedTime(scheduled, arrived).TotalMicroseconds;
        var bucket = micros < FineBuckets * FineMicros
            ? (int)Math.Max(0, micros / FineMicros)
            : FineBuckets + (int)Math.Min(CoarseBuckets - 1, (micros - FineBuckets * FineMicros) / 1000);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _received);
    }

    /// <summary>The q-quantile in ms over everything sent (a message never delivered counts as infinitely late).</summary>
    public double Quantile(double q)
    {
        var rank = (long)Math.Ceiling(q * Sent);
        if (rank <= 0) return 0;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
                return i < FineBuckets ? (i + 1) * FineMicros / 1000 : FineBuckets * FineMicros / 1000 + (i - FineBuckets + 1);
        }
        return double.PositiveInfinity;
    }
}

/// <summary>What one step at a fixed rate gave.</summary>
public sealed record StepResult(double Rate, double Seconds, long Sent, long Delivered, double P50, double P99,
    double ServerCpuMicrosPerMessage, double DriverCpuShare)
{
    public bool Held(double p99Bound) => Delivered == Sent && P99 <= p99Bound;
}

/// <summary>
/// The open-loop relay between N connected pairs: each millisecond (or as soon after as the timer wakes) every
/// message due by then is queued, round robin over the citizens, stamped with the time it was due (so a late send
/// shows as latency, not as a missing sample). Each step records into its own <see cref="StepRecorder"/>.
/// </summary>
public sealed class RelayLoad
{
    private readonly IReadOnlyList<LeanHubClient> _citizens;
    private readonly Func<TimeSpan> _serverCpu;
    private readonly byte[] _head;
    private readonly List<StepRecorder> _steps = [];
    private int _next;

    public RelayLoad(IReadOnlyList<LeanHubClient> citizens, IReadOnlyList<LeanHubClient> operators, int messageLength, Func<TimeSpan> serverCpu)
    {
        _citizens = citizens;
        _serverCpu = serverCpu;
        _head = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"" + new string('я', messageLength) + "\",\"");
        foreach (var op in operators) op.Relayed = Record;
        foreach (var c in citizens) c.Relayed ??= static (_, _) => { }; // GosChat echoes each message to its sender: scanned, not parsed
    }

    private void Record(int step, long scheduled)
    {
        var arrived = Stopwatch.GetTimestamp();
        if ((uint)step < (uint)_steps.Count) _steps[step].Add(scheduled, arrived);
    }

    /// <summary>Sends at <paramref name="rate"/> msg/s for <paramref name="duration"/>, then waits for the stragglers.</summary>
    public async Task<StepResult> RunStepAsync(double rate, TimeSpan duration)
    {
        var recorder = new StepRecorder();
        int step;
        lock (_steps)
        {
            _steps.Add(recorder);
            step = _steps.Count - 1;
        }
        var me = Process.GetCurrentProcess();
        var driverBefore = me.TotalProcessorTime;
        var cpuBefore = _serverCpu();
        var start = Stopwatch.GetTimestamp();
        var ticksPerMessage = Stopwatch.Frequency / rate;
        var total = (long)(rate * duration.TotalSeconds);
        long sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var citizen = _citizens[_next++ % _citizens.Count];
                citizen.SendRelay(_head, step, start + (long)(sent * ticksPerMessage));
            }
            recorder.Sent = sent;
            await Task.Delay(1);
        }
        recorder.Sent = total;
        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Stragglers: wait until everything arrived, or until no message could still be in time and one more second passed.
        var wait = Stopwatch.StartNew();
        while (recorder.Received < total && wait.Elapsed < TimeSpan.FromSeconds(Math.Max(5, duration.TotalSeconds)))
            await Task.Delay(10);
        var cpu = _serverCpu() - cpuBefore;
        me.Refresh();
        var driver = (me.TotalProcessorTime - driverBefore).TotalSeconds / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new StepResult(rate, sendSeconds, total, recorder.Received, recorder.Quantile(0.50), recorder.Quantile(0.99),
            cpu.TotalMicroseconds / Math.Max(1, total), driver);
    }

    /// <summary>Lets a backlog drain before the next step (a failed step can leave the server far behind).</summary>
    public async Task SettleAsync(TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        var before = _serverCpu();
        while (watch.Elapsed < bound)
        {
            await Task.Delay(250);
            var now = _serverCpu();
            if ((now - before).TotalSeconds < 0.05) return; // the server is idle again
            before = now;
        }
    }
}
