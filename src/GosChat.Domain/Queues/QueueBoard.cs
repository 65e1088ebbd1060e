using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Queues;

/// <summary>What a citizen is told about a queue's chat before starting (CONTRACT.md, /api/status).</summary>
public enum QueueAvailability
{
    /// <summary>Open, and at least one operator skilled for the queue is available with room for a chat.</summary>
    Online,

    /// <summary>Open, but every such operator is busy or away.</summary>
    Waiting,

    /// <summary>Outside working hours or on a holiday.</summary>
    Unavailable,
}

/// <summary>One queue's public state at an instant; <paramref name="Hours"/> are today's windows per channel.</summary>
public sealed record QueueStatus(
    QueueInfo Queue, QueueAvailability State, bool Open, Instant? NextChange, int Waiting, int EstimatedWaitSeconds, QueueHoursToday? Hours = null);

/// <summary>
/// A queue's windows on the current local date in its zone, per channel, as "HH:mm-HH:mm" (<c>24:00</c> may end one);
/// empty on a closed day or a holiday.
/// </summary>
public sealed record QueueHoursToday(IReadOnlyList<string> Chat, IReadOnlyList<string> Phone)
{
    public static QueueHoursToday Of(IWorkingHours hours, string queue, Instant now) => new(
        hours.WindowsOn(queue, Channel.Chat, now).Select(w => w.ToString()).ToList(),
        hours.WindowsOn(queue, Channel.Call, now).Select(w => w.ToString()).ToList());
}

/// <summary>The public board of the queues: open or not, reachable or not, how many wait and for how long.</summary>
public sealed class QueueBoard(IRoutingStore store, IWorkingHours hours, QueueMetrics metrics, IClock clock)
{
    /// <summary>Every queue of the catalogue, from one snapshot read, at the clock's now.</summary>
    public async Task<(Instant Now, IReadOnlyList<QueueStatus> Queues)> ReadAsync()
    {
        var snapshot = await store.LoadSnapshotAsync();
        var now = clock.GetCurrentInstant();
        return (now, QueueCatalog.All.Select(q => Status(q, snapshot, now)).ToList());
    }

    /// <summary>The chat state of <paramref name="queue"/> given a snapshot already read.</summary>
    public QueueStatus Status(QueueInfo queue, RoutingSnapshot snapshot, Instant now)
    {
        var open = hours.IsOpen(queue.Id, Channel.Chat, Languages.Russian, false, now);
        var anyAvailable = snapshot.Operators.Any(o => o.IsConnected && o.Presence == Presence.Available
                                                       && o.Queues.Contains(queue.Id) && o.HasRoomFor(Channel.Chat));
        var waiting = WaitingTally.Of(snapshot.Waiting).Live(queue.Id);
        var state = !open ? QueueAvailability.Unavailable : anyAvailable ? QueueAvailability.Online : QueueAvailability.Waiting;
        return new QueueStatus(queue, state, open, hours.NextChange(queue.Id, Channel.Chat, now), waiting,
            metrics.Estimate(snapshot, queue.Id, waiting + 1), QueueHoursToday.Of(hours, queue.Id, now));
    }
}
