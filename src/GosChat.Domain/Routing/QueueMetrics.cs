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
/// Queue positions and wait estimates from a snapshot. The estimate for position p comes from the same model as the
/// staffing forecast (<see cref="Statistics.ErlangC"/>: random arrivals, exponential handle times): the operators who
/// can take the session now — available, skilled for the queue, speaking its language — give S slots (a chat
/// operator their chat capacity, a call operator one), F of them free (not holding a session or a pending offer).
/// The first F in line are served at once; the others wait for slots to free, which happens every h ÷ S on average
/// (h = mean recent handle time), so p waits (p − F) × h ÷ S. With nobody available (all away, busy on a call or
/// signed out) it is p × h, as if one slot were coming back.
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
                result[s.Id] = new QueuePlace(position, rates.For(position, s.Channel, s.Language));
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
        return new QueuePlace(position, Estimate(snapshot, session.Queue, position, session.Channel, session.Language));
    }

    /// <summary>What estimates in one queue need, read once per channel and language for all its sessions.</summary>
    private sealed class EstimateRates(QueueMetrics metrics, RoutingSnapshot snapshot, string queue)
    {
        private readonly double _handle = metrics.MeanHandleSeconds(snapshot, queue);
        private readonly Dictionary<(Channel, string), (int Slots, int Free)> _capacity = new();

        public int For(int position, Channel channel, string language)
        {
            if (!_capacity.TryGetValue((channel, language), out var capacity))
                _capacity[(channel, language)] = capacity = Capacity(snapshot, queue, channel, language);
            return Wait(position, _handle, capacity);
        }
    }

    /// <summary>
    /// The expected wait of the <paramref name="position"/>-th in line. A call takes an operator whole, so for calls each
    /// operator is one slot (free when they hold nothing); for chats, their chat capacity. Without
    /// <paramref name="language"/>, operators of any language count.
    /// </summary>
    public int Estimate(RoutingSnapshot snapshot, string queue, int position, Channel channel = Channel.Chat, string? language = null) =>
        Wait(position, MeanHandleSeconds(snapshot, queue), Capacity(snapshot, queue, channel, language));

    /// <summary>The slots of the operators who can take such a session now, and how many of them are free.</summary>
    private static (int Slots, int Free) Capacity(RoutingSnapshot snapshot, string queue, Channel channel, string? language)
    {
        int slots = 0, free = 0;
        foreach (var o in snapshot.Operators)
        {
            if (!o.IsConnected || o.Presence != Presence.Available || !o.Queues.Contains(queue)) continue;
            if (channel == Channel.Chat && o.HasCall) continue; // on a call: no chats until it ends
            if (language is not null && !o.Languages.Contains(language)) continue;
            var own = channel == Channel.Call ? 1 : Math.Max(1, o.MaxChats);
            slots += own;
            free += Math.Max(0, own - o.Work.Count - (o.PendingOfferId is null ? 0 : 1));
        }
        return (slots, free);
    }

    private static int Wait(int position, double handle, (int Slots, int Free) capacity) => capacity.Slots == 0
        ? (int)Math.Ceiling(position * handle)
        : (int)Math.Ceiling(Math.Max(0, position - capacity.Free) * handle / capacity.Slots);

    public double MeanHandleSeconds(RoutingSnapshot snapshot, string queue) =>
        snapshot.HandleTimes.TryGetValue(queue, out var times) && times.Count > 0
            ? times.Take(options.HandleTimeSamples).Average()
            : options.DefaultHandleTime.TotalSeconds;

    public QueueFigures Figures(RoutingSnapshot snapshot, string queue, Instant now)
    {
        var tally = WaitingTally.Of(snapshot.Waiting);
        var waiting = tally.Live(queue);
        var longest = tally.OldestLiveQueuedAt(queue) is { } oldest ? (int)(now - oldest).TotalSeconds : 0;
        var skilled = snapshot.Operators.Where(o => o.IsConnected && o.Queues.Contains(queue)).ToList();
        return new QueueFigures(
            queue,
            waiting,
            Math.Max(0, longest),
            skilled.Count(o => o.Presence == Presence.Available && o.HasRoomFor(Channel.Chat)),
            skilled.Count(o => o.Presence == Presence.Available && !o.HasRoomFor(Channel.Chat)),
            skilled.Count(o => o.Presence == Presence.Away),
            Estimate(snapshot, queue, waiting + 1));
    }
}
