using System.Diagnostics;
using System.Diagnostics.Metrics;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using GosChat.Server.Connections;
using GosChat.Server.Hubs;

namespace GosChat.Server.Metrics;

/// <summary>
/// The node's <c>goschat_*</c> instruments (meter <see cref="MeterName"/>). Counters are added to where the event
/// happens; gauges read what the node already holds: its own connections, and the session counts of the last
/// routing snapshot the sweep read anyway (<see cref="Observe"/>), never the store on a scrape.
/// Labels are queues, channels, states, hubs, senders and deadline kinds: no person, ticket or operator.
/// </summary>
public sealed class GosChatMetrics
{
    public const string MeterName = "GosChat";

    private static readonly SessionState[] WaitingStates = [SessionState.Deferred, SessionState.Queued, SessionState.Offered];

    private readonly Counter<long> _offers, _accepts, _expiries, _breaches, _messages;
    private readonly Histogram<double> _redisLatency, _jobLag;
    private volatile IReadOnlyList<Measurement<int>> _waiting = [];
    private volatile IReadOnlyList<Measurement<int>> _active = [];

    public GosChatMetrics(IMeterFactory meters, LocalConnections connections)
    {
        var meter = meters.Create(MeterName);
        _offers = meter.CreateCounter<long>("goschat_offers", "{offer}", "Offers made to operators.");
        _accepts = meter.CreateCounter<long>("goschat_offer_accepts", "{offer}", "Offers accepted (a session or call taken by an operator).");
        _expiries = meter.CreateCounter<long>("goschat_offer_expiries", "{offer}", "Offers not answered in time and taken back.");
        _breaches = meter.CreateCounter<long>("goschat_deadline_breaches", "{breach}", "Deadlines missed, announced to supervisors.");
        _messages = meter.CreateCounter<long>("goschat_messages", "{message}", "Chat messages pushed, by sender (a sender's retry of an unanswered send is pushed, and counted, again).");
        _redisLatency = meter.CreateHistogram<double>("goschat_redis_latency", "s", "Round trip of a PING to Redis.");
        _jobLag = meter.CreateHistogram<double>("goschat_job_lag", "s", "How late a delayed job ran after its due time.");
        meter.CreateObservableGauge("goschat_connections", () => CountConnections(connections), "{connection}", "Hub connections held by this node.");
        meter.CreateObservableGauge("goschat_sessions_waiting", () => _waiting, "{session}",
            "Sessions waiting, by queue and state (deferred, queued, offered), as of the last routing sweep.");
        meter.CreateObservableGauge("goschat_sessions_active", () => _active, "{session}",
            "Sessions held by operators, by channel, as of the last routing sweep.");
    }

    public void Offered(string queue, Channel channel) => _offers.Add(1, Tag("queue", queue), Tag("channel", Name(channel)));

    public void Accepted(string queue, Channel channel) => _accepts.Add(1, Tag("queue", queue), Tag("channel", Name(channel)));

    public void Expired(string queue, Channel channel) => _expiries.Add(1, Tag("queue", queue), Tag("channel", Name(channel)));

    public void Breached(string queue, string deadline) => _breaches.Add(1, Tag("queue", queue), Tag("deadline", deadline));

    /// <param name="from">citizen, operator or system.</param>
    public void Message(string from) => _messages.Add(1, Tag("from", from));

    public void RedisRoundTrip(TimeSpan took) => _redisLatency.Record(took.TotalSeconds);

    public void JobRan(string kind, double lagSeconds) => _jobLag.Record(Math.Max(0, lagSeconds), Tag("kind", kind));

    /// <summary>Takes the session counts from a snapshot the sweep has just read.</summary>
    public void Observe(RoutingSnapshot snapshot)
    {
        // Every queue and waiting state, zeros included: a series drops to 0 instead of vanishing.
        var tally = WaitingTally.Of(snapshot.Waiting);
        var waiting = new Dictionary<(string Queue, SessionState State), int>();
        foreach (var q in GosChat.Domain.Queues.QueueCatalog.All)
            foreach (var state in WaitingStates) waiting[(q.Id, state)] = 0;
        foreach (var (key, count) in tally.Counts) waiting[key] = count;
        int chats = 0, calls = 0;
        foreach (var op in snapshot.Operators)
            foreach (var work in op.Work)
                if (work.Channel == Channel.Call) calls++; else chats++;
        _waiting = waiting.Select(kv => new Measurement<int>(kv.Value, Tag("queue", kv.Key.Queue), Tag("state", kv.Key.State.ToString().ToLowerInvariant()))).ToList();
        _active = [new Measurement<int>(chats, Tag("channel", "chat")), new Measurement<int>(calls, Tag("channel", "call"))];
    }

    private static IEnumerable<Measurement<int>> CountConnections(LocalConnections connections)
    {
        int chat = 0, op = 0;
        foreach (var c in connections.All)
            if (c.Hub == typeof(ChatHub)) chat++; else if (c.Hub == typeof(OperatorHub)) op++;
        return [new Measurement<int>(chat, Tag("hub", "chat")), new Measurement<int>(op, Tag("hub", "operator"))];
    }

    private static string Name(Channel channel) => channel == Channel.Call ? "call" : "chat";

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
