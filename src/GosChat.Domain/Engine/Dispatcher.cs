using GosChat.Domain.Messages;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Engine;

/// <summary>
/// Makes offers, takes them back, and keeps waiting citizens told of their place. Runs whenever something
/// changes (coalesced: concurrent requests on one node become one more pass) and on every sweep tick, which
/// also expires offers, returns sessions of operators gone past the grace period, and releases deferred
/// sessions when their queue opens. Safe to run on every node at once: each change is a versioned commit.
/// </summary>
public sealed class Dispatcher(
    IRoutingStore store,
    IMessageStore messages,
    IContactCentreEvents events,
    IWorkingHours hours,
    IClock clock,
    ContactCentreOptions options,
    QueueMetrics metrics,
    SessionObservers observers)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _requests;
    private readonly PlaceBook _places = new(metrics);

    /// <summary>The operator connections this node holds (qualified connection id → operator id).</summary>
    public Func<IReadOnlyDictionary<string, string>> LocalConnections { get; set; } = () => new Dictionary<string, string>();

    /// <summary>Raised when a background pass fails; the next pass tries again.</summary>
    public event Action<Exception>? Failed;

    /// <summary>
    /// Runs a dispatch pass that starts after this call, and returns when it is done. Concurrent calls on one
    /// node share passes: whoever holds the gate runs passes until no request is left.
    /// </summary>
    public Task DispatchAsync() => PassAsync();

    /// <summary>
    /// <see cref="DispatchAsync"/>, returning the routing state the pass ended with (its offers applied), which a caller
    /// may read places from: the pass began after this call, so the state holds everything the caller committed before.
    /// Null when the pass failed.
    /// </summary>
    public async Task<RoutingSnapshot?> PassAsync()
    {
        Interlocked.Increment(ref _requests);
        await _gate.WaitAsync();
        try
        {
            // Served already when a pass of whoever held the gate began after the increment above: its state is _last.
            while (Interlocked.Exchange(ref _requests, 0) > 0)
            {
                _last = null;
                _last = await DispatchOnceAsync();
            }
            return _last;
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The state the latest pass ended with; null while a pass runs or after one failed. Guarded by the gate.</summary>
    private RoutingSnapshot? _last;

    /// <summary>Starts a dispatch pass without waiting for it.</summary>
    public void Nudge() => _ = Task.Run(DispatchAsync);

    private async Task<RoutingSnapshot> DispatchOnceAsync()
    {
        var snapshot = await store.LoadSnapshotAsync();
        var changed = false;
        for (var round = 0; round < options.MaxCommitAttempts; round++)
        {
            var now = clock.GetCurrentInstant();
            var plan = Router.Plan(snapshot, now);
            if (plan.Count == 0) break;
            var conflict = false;
            var made = new List<(Session Session, OperatorState Operator, Offer Offer)>(plan.Count);
            foreach (var (session, op) in plan)
            {
                var offer = new Offer
                {
                    Id = NewId(),
                    SessionId = session.Id,
                    OperatorId = op.Id,
                    Queue = session.Queue,
                    Channel = session.Channel,
                    CreatedAt = now,
                    ExpiresAt = now + options.OfferTimeout,
                    ExtensionsLeft = Math.Max(0, options.OfferExtensionsAllowed),
                };
                var change = new RoutingChange()
                    .Put(session.OfferTo(offer.Id))
                    .Put(op with { PendingOfferId = offer.Id })
                    .Put(offer);
                if (await store.CommitAsync(change))
                {
                    changed = true;
                    made.Add((session, op, offer));
                    await events.OfferAsync(offer, session with { State = SessionState.Offered, OfferId = offer.Id }, op.Connections);
                }
                else
                {
                    conflict = true;
                    break;
                }
            }
            if (!conflict)
            {
                // Every planned offer was written as planned: the snapshot with them applied is what the store holds for
                // these records, so the pass needs no second read unless that leaves more to offer. (Changes others made
                // meanwhile ran passes of their own.)
                var after = WithOffers(snapshot, made);
                if (Router.Plan(after, clock.GetCurrentInstant()).Count == 0)
                {
                    snapshot = after;
                    break;
                }
            }
            snapshot = await store.LoadSnapshotAsync();
            if (!conflict && Router.Plan(snapshot, clock.GetCurrentInstant()).Count == 0) break;
        }
        await PushPlacesAsync(snapshot);
        if (changed) await events.RoutingChangedAsync();
        return snapshot;
    }

    /// <summary>
    /// <paramref name="snapshot"/> after the offers of <paramref name="made"/> were committed: each session offered, each
    /// operator waiting on its offer, the offers stored (versions as the commit wrote them).
    /// </summary>
    public static RoutingSnapshot WithOffers(RoutingSnapshot snapshot, IReadOnlyList<(Session Session, OperatorState Operator, Offer Offer)> made)
    {
        if (made.Count == 0) return snapshot;
        var sessions = new Dictionary<string, Session>(made.Count, StringComparer.Ordinal);
        var operators = new Dictionary<string, OperatorState>(made.Count, StringComparer.Ordinal);
        foreach (var (session, op, offer) in made)
        {
            sessions[session.Id] = session.OfferTo(offer.Id) with { Version = session.Version + 1 };
            operators[op.Id] = op with { PendingOfferId = offer.Id, Version = op.Version + 1 };
        }
        var waiting = new Session[snapshot.Waiting.Count];
        var i = 0;
        foreach (var s in snapshot.Waiting) waiting[i++] = sessions.GetValueOrDefault(s.Id) ?? s;
        // Named as made from the snapshot's list, with the offered sessions as the change, when that list is one.
        IReadOnlyList<Session> list = snapshot.Waiting is WaitingList before
            ? new WaitingList(waiting, before, [.. sessions.Values], [])
            : waiting;
        var ops = new List<OperatorState>(snapshot.Operators.Count);
        foreach (var o in snapshot.Operators) ops.Add(operators.GetValueOrDefault(o.Id) ?? o);
        var offers = new List<Offer>(snapshot.Offers.Count + made.Count);
        offers.AddRange(snapshot.Offers);
        foreach (var (_, _, offer) in made) offers.Add(offer with { Version = offer.Version + 1 });
        return snapshot with { Waiting = list, Operators = ops, Offers = offers };
    }

    /// <summary>Tells every waiting citizen whose place or estimate changed since this node last told them.</summary>
    public async Task PushPlacesAsync(RoutingSnapshot snapshot)
    {
        foreach (var (sessionId, place) in _places.Changes(snapshot))
            await events.QueuePositionAsync(sessionId, place.Position, place.EstimatedWaitSeconds);
    }

    /// <summary>
    /// A waiting session's place in <paramref name="snapshot"/>: what this node just told it when the snapshot is the one
    /// the latest places were pushed from (a start's own pass: no second look at the queue), else counted.
    /// </summary>
    public QueuePlace PlaceOf(RoutingSnapshot snapshot, string sessionId) =>
        _places.PlaceIn(snapshot, sessionId) ?? metrics.PlaceOf(snapshot, sessionId);

    /// <summary>Raised on the node that took back an offer no one answered in time (for counting).</summary>
    public event Action<Offer>? OfferExpired;

    /// <summary>Periodic work: expire offers, return sessions of operators gone too long, release opened queues, dispatch.</summary>
    public async Task SweepAsync()
    {
        await store.HeartbeatAsync(options.NodeId, clock.GetCurrentInstant() + Duration.FromTimeSpan(options.NodeHeartbeatTtl));
        var snapshot = await store.LoadSnapshotAsync();
        var changed = await DropConnectionsOfDeadNodesAsync(snapshot);
        changed |= await ReassertLocalConnectionsAsync(snapshot);
        if (changed) snapshot = await store.LoadSnapshotAsync();
        var now = clock.GetCurrentInstant();
        foreach (var offer in snapshot.Offers.Where(o => o.ExpiresAt <= now))
            if (await WithdrawOfferAsync(offer.Id, declinedBy: offer.OperatorId, onlyIfExpired: true))
            {
                changed = true;
                OfferExpired?.Invoke(offer);
            }
        foreach (var op in snapshot.Operators.Where(o => o.DisconnectedAt is { } at && at + options.DisconnectGrace <= now && o.Work.Count > 0))
            changed |= await ReturnWorkOfGoneOperatorAsync(op.Id);
        foreach (var session in WaitingTally.Of(snapshot.Waiting).Deferred == 0 ? [] : snapshot.Waiting.Where(s => s.State == SessionState.Deferred))
            if (hours.IsOpen(session.Queue, session.Channel, session.Language, session.Critical, now))
                changed |= await ReleaseDeferredAsync(session.Id);
        foreach (var session in LanguageFallback.Due(snapshot, now, options.FallbackLanguage, options.LanguageFallbackWait))
            changed |= await FallBackAsync(session.Id);
        if (changed) await events.RoutingChangedAsync();
        await DispatchAsync();
    }

    /// <summary>
    /// A node that crashed never reported its operators' disconnects: drop the connections it held, so those
    /// operators count as disconnected (offers move on, the grace period for their sessions starts). They count as gone
    /// since the node's last heartbeat, not since it was noticed (one heartbeat lifetime later): their sessions return
    /// <see cref="ContactCentreOptions.DisconnectGrace"/> after the crash, as after a closed connection.
    /// </summary>
    private async Task<bool> DropConnectionsOfDeadNodesAsync(RoutingSnapshot snapshot)
    {
        static string NodeOf(string connection) => connection.Contains('/') ? connection[..connection.IndexOf('/')] : "";
        var nodes = snapshot.Operators.SelectMany(o => o.Connections).Select(NodeOf).Where(n => n != options.NodeId).Distinct().ToList();
        if (nodes.Count == 0) return false;
        var dead = (await store.DeadNodesAsync(nodes, clock.GetCurrentInstant())).ToHashSet();
        if (dead.Count == 0) return false;
        var changed = false;
        foreach (var stale in snapshot.Operators.Where(o => o.Connections.Any(c => dead.Contains(NodeOf(c)))))
        {
            var pending = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
            {
                var op = await store.GetOperatorAsync(stale.Id);
                if (op is null || !op.Connections.Any(c => dead.Contains(NodeOf(c)))) return (new RoutingChange(), (OperatorState?)null);
                var left = op.Connections.Where(c => !dead.Contains(NodeOf(c))).ToList();
                var lastHeard = clock.GetCurrentInstant() - Duration.FromTimeSpan(options.NodeHeartbeatTtl);
                var next = op with { Connections = left, DisconnectedAt = left.Count == 0 ? op.DisconnectedAt ?? lastHeard : op.DisconnectedAt };
                return (new RoutingChange().Put(next), next);
            });
            if (pending is null) continue;
            changed = true;
            if (!pending.IsConnected && pending.PendingOfferId is { } offerId) await WithdrawOfferAsync(offerId, declinedBy: null);
        }
        return changed;
    }

    /// <summary>Puts back connections of this node that another node dropped while this one missed heartbeats.</summary>
    private async Task<bool> ReassertLocalConnectionsAsync(RoutingSnapshot snapshot)
    {
        var changed = false;
        foreach (var group in LocalConnections().GroupBy(kv => kv.Value, kv => kv.Key))
        {
            var op = snapshot.Operators.FirstOrDefault(o => o.Id == group.Key);
            if (op is null || group.All(op.Connections.Contains)) continue;
            await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
            {
                var current = await store.GetOperatorAsync(group.Key);
                var live = LocalConnections();
                var mine = group.Where(live.ContainsKey).ToList();
                if (current is null || mine.All(current.Connections.Contains)) return (new RoutingChange(), false);
                var next = current with { Connections = [.. current.Connections.Union(mine)], DisconnectedAt = null };
                return (new RoutingChange().Put(next), true);
            });
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// Takes an offer back: the session returns to its queue in its place, the operator is free for another offer.
    /// With <paramref name="declinedBy"/>, that operator is skipped for this session for the decline cool-down (an
    /// expiry, <paramref name="onlyIfExpired"/>, only while another operator can take it).
    /// With <paramref name="onlyIfExpired"/>, an offer whose expiry was pushed back meanwhile (the operator asked
    /// for more time) stays. Returns false when the offer was already gone or stays.
    /// </summary>
    public async Task<bool> WithdrawOfferAsync(string offerId, string? declinedBy, bool onlyIfExpired = false)
    {
        var withdrawn = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var change = new RoutingChange();
            var offer = await store.GetOfferAsync(offerId);
            var now = clock.GetCurrentInstant();
            if (offer is null || (onlyIfExpired && offer.ExpiresAt > now)) return (change, (Offer?)null);
            change.Delete(offer);
            var session = await store.GetSessionAsync(offer.SessionId);
            if (session is { State: SessionState.Offered } && session.OfferId == offer.Id)
            {
                // An offer let expire is a soft mark: it yields when nobody else can take the session (Router).
                var mark = declinedBy is null ? null : new DeclineMark(declinedBy, now + options.DeclineCooldown, Expired: onlyIfExpired);
                change.Put(session.OfferWithdrawn(offer.Id, mark, now));
            }
            var op = await store.GetOperatorAsync(offer.OperatorId);
            if (op is not null && op.PendingOfferId == offer.Id) change.Put(op with { PendingOfferId = null });
            return (change, offer);
        });
        if (withdrawn is null) return false;
        await events.OfferRevokedAsync(withdrawn.OperatorId, withdrawn.Id);
        Nudge();
        return true;
    }

    private async Task<bool> ReturnWorkOfGoneOperatorAsync(string operatorId)
    {
        var returned = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var change = new RoutingChange();
            var op = await store.GetOperatorAsync(operatorId);
            var now = clock.GetCurrentInstant();
            if (op is null || op.IsConnected || op.DisconnectedAt is not { } at || at + options.DisconnectGrace > now || op.Work.Count == 0)
                return (change, (IReadOnlyList<Session>)[]);
            var sessions = await store.GetSessionsAsync(op.Work.Select(w => w.SessionId));
            var requeued = sessions.Where(s => s.State == SessionState.Active && s.OperatorId == op.Id)
                .Select(s => s.Requeued(s.Queue, s.SeniorOnly, now) with { OrderAt = s.CreatedAt })
                .ToList();
            foreach (var s in requeued) change.Put(s);
            change.Put(op with { Work = [], IdleSince = now });
            return (change, (IReadOnlyList<Session>)requeued);
        });
        foreach (var session in returned)
        {
            await SystemMessageAsync(session, SystemTexts.OperatorGone(session.Language));
            await events.SessionRequeuedAsync(session, operatorId);
            await observers.QueuedAsync(session);
        }
        return returned.Count > 0;
    }

    private async Task<bool> ReleaseDeferredAsync(string sessionId)
    {
        var released = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var change = new RoutingChange();
            var session = await store.GetSessionAsync(sessionId);
            if (session is not { State: SessionState.Deferred }) return (change, (Session?)null);
            var queued = session.Released(clock.GetCurrentInstant());
            change.Put(queued);
            return (change, queued);
        });
        if (released is null) return false;
        await observers.QueuedAsync(released);
        return true;
    }

    /// <summary>Opens a session nobody on duty speaks the language of to the fallback language's operators, and tells the citizen.</summary>
    private async Task<bool> FallBackAsync(string sessionId)
    {
        var fallback = options.FallbackLanguage!;
        var fellBack = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var change = new RoutingChange();
            var session = await store.GetSessionAsync(sessionId);
            if (session is not { State: SessionState.Queued, FallbackLanguage: null }) return (change, (Session?)null);
            var next = session.FellBackTo(fallback);
            change.Put(next);
            return (change, next);
        });
        if (fellBack is null) return false;
        await SystemMessageAsync(fellBack, SystemTexts.LanguageFallback(fellBack.Language, fallback));
        return true;
    }

    /// <summary>Stores a system message in the session and pushes it.</summary>
    public async Task SystemMessageAsync(Session session, string text)
    {
        var (message, _) = await messages.AppendAsync(new ChatMessage
        {
            MessageId = NewId(),
            SessionId = session.Id,
            From = Senders.System,
            Text = text,
            SentAt = clock.GetCurrentInstant(),
        });
        await events.MessageAsync(session, message);
    }

    internal static string NewId() => Guid.NewGuid().ToString("N");
}
