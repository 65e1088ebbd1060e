using System.Collections.Concurrent;
using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Limits;

/// <summary>
/// Addresses whose citizen-hub connection was just cut off for flooding (<see cref="CitizenHubLimitFilter"/>): for
/// <see cref="LimitOptions.CutOffPenalty"/> their new connections are refused with 429 before the WebSocket upgrade
/// (<see cref="CitizenConnectionLimit"/>), so a flooder that reconnects at once costs an HTTP answer, not a handshake,
/// a conversation and another thirty frames each time. The node that cut it remembers the exact end in its memory and
/// answers without I/O; the other nodes learn it from the shared counters, for the rest of the penalty's fixed window
/// (aligned to the epoch, so at least a moment and at most the whole penalty).
/// A refused request is held a moment before its answer (<see cref="HoldAsync"/>), so a client that reconnects the
/// instant it is refused tries about once per <see cref="LimitOptions.BarredAnswerDelay"/>, not as fast as the node
/// can answer.
/// </summary>
public sealed class CutOffAddresses(ILimitCounters counters, IClock clock, IOptions<LimitOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Instant> _barredUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);

    private static string Key(string address) => "cut:addr:" + address;

    /// <summary>
    /// Bars the address. This node's memory holds the bar as soon as the call returns its task (before any I/O), so a
    /// caller can start it, cut the connection and then await the shared counters.
    /// </summary>
    public async Task BarAsync(string address)
    {
        if (options.Value.CutOffPenalty <= TimeSpan.Zero) return;
        var now = clock.GetCurrentInstant();
        var penalty = Duration.FromTimeSpan(options.Value.CutOffPenalty);
        if (_barredUntil.Count > PruneAbove)
            foreach (var (expired, until) in _barredUntil.Where(e => e.Value <= now).ToList()) _barredUntil.TryRemove(new(expired, until));
        _barredUntil[address] = now + penalty;
        await counters.AddAsync(Key(address), 1, now, penalty);
    }

    /// <summary>How long the address stays barred, or null when it is not.</summary>
    public async Task<TimeSpan?> BarredForAsync(string address)
    {
        if (options.Value.CutOffPenalty <= TimeSpan.Zero) return null;
        var now = clock.GetCurrentInstant();
        var penalty = Duration.FromTimeSpan(options.Value.CutOffPenalty);
        if (_barredUntil.TryGetValue(address, out var until))
        {
            if (until > now) return (until - now).ToTimeSpan();
            _barredUntil.TryRemove(new(address, until));
        }
        if (await counters.AddAsync(Key(address), 0, now, penalty) == 0) return null;
        var windowEnd = Instant.FromUnixTimeTicks((now.ToUnixTimeTicks() / penalty.BclCompatibleTicks + 1) * penalty.BclCompatibleTicks);
        return (windowEnd - now).ToTimeSpan();
    }

    /// <summary>
    /// Waits <see cref="LimitOptions.BarredAnswerDelay"/> before a barred address's request is answered (a timer, no
    /// work: the request only holds its socket), unless <see cref="LimitOptions.BarredAnswersHeldPerAddress"/> of that
    /// address's requests are held already, or the client goes away. A delay measured on the node's timers, like
    /// Kestrel's own timeouts, not a point in time. Returns how long it held the request.
    /// </summary>
    public async Task<TimeSpan> HoldAsync(string address, CancellationToken aborted)
    {
        var o = options.Value;
        if (o.BarredAnswerDelay <= TimeSpan.Zero) return TimeSpan.Zero;
        var started = time.GetTimestamp();
        var held = _held.AddOrUpdate(address, 1, (_, n) => n + 1);
        try
        {
            if (held <= o.BarredAnswersHeldPerAddress) await Task.Delay(o.BarredAnswerDelay, time, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up waiting: nothing to answer.
        }
        finally
        {
            if (_held.AddOrUpdate(address, 0, (_, n) => n - 1) == 0) _held.TryRemove(new(address, 0));
        }
        return time.GetElapsedTime(started);
    }
}
