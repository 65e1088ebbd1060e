using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Routing;

/// <summary>
/// Decides who gets the next offers: queued sessions by priority (higher first) then age (older first);
/// each goes to the eligible operator (available, connected, skilled for the queue and language, with room,
/// no offer pending, not recently declined) idle the longest. An operator who let an offer of the session expire is
/// skipped only while another operator is eligible: when nobody else can take it now, it goes to them again, so a lone
/// operator on duty is not locked out of a chat for the whole cool-down. Pure: it only plans.
/// </summary>
public static class Router
{
    /// <summary>Higher priority first, then older; sessions of the same instant in ticket-sequence (arrival) order.</summary>
    public static IEnumerable<Session> InOfferOrder(IEnumerable<Session> sessions) => sessions.Order(OfferOrder);

    /// <summary>The order of <see cref="InOfferOrder"/> as a comparer: negative when the first session is offered first.</summary>
    public static readonly IComparer<Session> OfferOrder = Comparer<Session>.Create(static (a, b) =>
    {
        var c = b.Priority.CompareTo(a.Priority);
        if (c != 0) return c;
        c = a.OrderAt.CompareTo(b.OrderAt);
        if (c != 0) return c;
        c = TicketSequence(a.Ticket).CompareTo(TicketSequence(b.Ticket), StringComparison.Ordinal);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private static ReadOnlySpan<char> TicketSequence(string ticket) => ticket.Length > 1 ? ticket.AsSpan(1) : ticket;

    public static IReadOnlyList<(Session Session, OperatorState Operator)> Plan(RoutingSnapshot snapshot, Instant now)
    {
        // Nobody can take an offer (all away, or busy to their limit): nothing to plan, whatever the length of the queues.
        var free = snapshot.Operators.Count(o => o.Presence == Presence.Available && o.IsConnected && o.PendingOfferId is null
                                                 && (o.HasRoomFor(Channel.Chat) || o.HasRoomFor(Channel.Call)));
        if (free == 0) return [];
        var plan = new List<(Session, OperatorState)>();
        var taken = new HashSet<string>();
        foreach (var session in InOfferOrder(snapshot.Waiting.Where(s => s.State == SessionState.Queued)))
        {
            if (taken.Count == free) break; // each free operator has an offer planned: nobody is left to plan for
            var op = Best(session, snapshot.Operators.Where(o => !taken.Contains(o.Id) && o.IsEligibleFor(session, now)))
                     ?? Best(session, snapshot.Operators.Where(o => !taken.Contains(o.Id) && o.IsEligibleFor(session, now, despiteExpiredOffer: true)));
            if (op is null) continue;
            taken.Add(op.Id);
            plan.Add((session, op));
        }
        return plan;
    }

    /// <summary>
    /// Who speaks the session's own language first (they all do, unless it fell back to another language), then the
    /// interpreter tier, then the operator idle longest.
    /// </summary>
    private static OperatorState? Best(Session session, IEnumerable<OperatorState> eligible) => eligible
        .OrderByDescending(o => o.Languages.Contains(session.Language))
        .ThenByDescending(o => o.Interpreter && !o.Languages.Contains(session.Language))
        .ThenBy(o => o.IdleSince)
        .ThenBy(o => o.Load)
        .ThenBy(o => o.Id, StringComparer.Ordinal)
        .FirstOrDefault();
}
