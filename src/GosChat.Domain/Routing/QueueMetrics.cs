using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Routing;

/// <summary>A waiting session's place in its queue and the expected wait.</summary>
public sealed record QueuePlace(int Position, int EstimatedWaitSeconds);

/// <summary>Live figures of one queue.</summary>
public sealed record QueueFigures(string Queue, int Waiting, int LongestWaitSeconds, int Available, int Busy, int Away, int EstimatedWaitSeconds);

/// <summary>
/// Queue positions and wait estimates from a snapshot. The estimate for position p is
/// p × (mean recent handle time) ÷ (chat slots of the operators skilled for the queue who are signed in), at least one slot.
/// </summary>
public sealed class QueueMetrics(ContactCentreOptions options)
{
    /// <summary>
    /// Places of waiting sessions in their queues. A queued or offered session counts only the sessions being
    /// served ahead of it; a deferred one counts everything ahead of it, since deferred sessions go first at opening.
    /// </summary>
    public IReadOnlyDictionary<string, QueuePlace> Places(RoutingSnapshot snapshot)
    {
        var result = new Dictionary<string, QueuePlace>(snapshot.Waiting.Count);
        foreach (var group in snapshot.Waiting.GroupBy(s => s.Queue))
        {
            var rates = new EstimateRates(this, snapshot, group.Key);
            var all = 0;
            var live = 0;
            foreach (var s in Router.InOfferOrder(group))
            {
                all++;
                if (s.State != SessionState.Deferred) live++;
                var position = s.State == SessionState.Deferred ? all : live;
                result[s.Id] = new QueuePlace(position, rates.For(position, s.Channel));
            }
        }
        return result;
    }

    /// <summary>
    /// The place of one session, as <see cref="Places"/> gives it, by counting who is ahead of it in one pass over the
    /// waiting sessions (no sort): what a start or a poll needs. (0, 0) when it is not waiting.
    /// </summary>
    public QueuePlace PlaceOf(RoutingSnapshot snapshot, string sessionId)
    {
        var session = snapshot.Waiting.FirstOrDefault(s => s.Id == sessionId);
        if (session is null) return new QueuePlace(0, 0);
        var ahead = 0;
        foreach (var other in snapshot.Waiting)
            if (other.Queue == session.Queue && other.Id != session.Id
                && (session.State == SessionState.Deferred || other.State != SessionState.Deferred)
                && Router.OfferOrder.Compare(other, session) < 0)
                ahead++;
        var position = ahead + 1;
        return new QueuePlace(position, Estimate(snapshot, session.Queue, position, session.Channel));
    }

    /// <summary>The figures an estimate needs for one queue, read once for all its sessions.</summary>
    private readonly struct EstimateRates(QueueMetrics metrics, RoutingSnapshot snapshot, string queue)
    {
        private readonly double _handle = metrics.MeanHandleSeconds(snapshot, queue);
        private readonly int _chatSlots = Slots(snapshot, queue, Channel.Chat);
        private readonly int _callSlots = Slots(snapshot, queue, Channel.Call);

        public int For(int position, Channel channel) =>
            (int)Math.Ceiling(position * _handle / Math.Max(1, channel == Channel.Call ? _callSlots : _chatSlots));
    }

    /// <summary>A call takes an operator whole, so for calls each operator is one slot; for chats, their chat capacity.</summary>
    public int Estimate(RoutingSnapshot snapshot, string queue, int position, Channel channel = Channel.Chat)
    {
        var handle = MeanHandleSeconds(snapshot, queue);
        return (int)Math.Ceiling(position * handle / Math.Max(1, Slots(snapshot, queue, channel)));
    }

    private static int Slots(RoutingSnapshot snapshot, string queue, Channel channel) => snapshot.Operators
        .Where(o => o.IsConnected && o.Presence != Presence.Offline && o.Queues.Contains(queue))
        .Sum(o => channel == Channel.Call ? 1 : Math.Max(1, o.MaxChats));

    public double MeanHandleSeconds(RoutingSnapshot snapshot, string queue) =>
        snapshot.HandleTimes.TryGetValue(queue, out var times) && times.Count > 0
            ? times.Take(options.HandleTimeSamples).Average()
            : options.DefaultHandleTime.TotalSeconds;

    public QueueFigures Figures(RoutingSnapshot snapshot, string queue, Instant now)
    {
        var waiting = snapshot.Waiting.Where(s => s.Queue == queue && s.State != SessionState.Deferred).ToList();
        var longest = waiting.Count == 0 ? 0 : (int)(now - waiting.Min(s => s.QueuedAt)).TotalSeconds;
        var skilled = snapshot.Operators.Where(o => o.IsConnected && o.Queues.Contains(queue)).ToList();
        return new QueueFigures(
            queue,
            waiting.Count,
            Math.Max(0, longest),
            skilled.Count(o => o.Presence == Presence.Available && o.HasRoomFor(Channel.Chat)),
            skilled.Count(o => o.Presence == Presence.Available && !o.HasRoomFor(Channel.Chat)),
            skilled.Count(o => o.Presence == Presence.Away),
            Estimate(snapshot, queue, waiting.Count + 1));
    }
}
