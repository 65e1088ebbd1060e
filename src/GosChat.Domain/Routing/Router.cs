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
    public static IEnumerable<Session> InOfferOrder(IEnumerable<Session> sessions) =>
        sessions.OrderByDescending(s => s.Priority).ThenBy(s => s.OrderAt)
            .ThenBy(s => s.Ticket.Length > 1 ? s.Ticket[1..] : s.Ticket, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal);

    public static IReadOnlyList<(Session Session, OperatorState Operator)> Plan(RoutingSnapshot snapshot, Instant now)
    {
        var plan = new List<(Session, OperatorState)>();
        var taken = new HashSet<string>();
        foreach (var session in InOfferOrder(snapshot.Waiting.Where(s => s.State == SessionState.Queued)))
        {
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
