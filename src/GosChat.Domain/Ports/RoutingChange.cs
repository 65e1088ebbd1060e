using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// A set of writes to the shared routing state that a store applies all together or not at all.
/// Each written record carries the version it was read at (0 = new); if any stored version differs,
/// nothing is written and the commit reports a conflict, so the caller re-reads and decides again.
/// </summary>
public sealed class RoutingChange
{
    public List<Session> Sessions { get; } = [];
    public List<OperatorState> Operators { get; } = [];
    public List<Offer> OfferPuts { get; } = [];
    public List<Offer> OfferDeletes { get; } = [];
    /// <summary>Resume-token hash → session id, written once with a new session.</summary>
    public List<(string TokenHash, string SessionId)> ResumeTokens { get; } = [];
    /// <summary>
    /// Telephony call id → session id, written once with a new call session. A call id already taken makes the
    /// whole commit fail (so two nodes racing on one call id create one session).
    /// </summary>
    public List<(string CallId, string SessionId)> CallIds { get; } = [];
    /// <summary>Handle times (seconds) to add to a queue's recent history.</summary>
    public List<(string Queue, int Seconds)> HandleTimes { get; } = [];

    public RoutingChange Put(Session session) { Sessions.Add(session); return this; }
    public RoutingChange Put(OperatorState op) { Operators.Add(op); return this; }
    public RoutingChange Put(Offer offer) { OfferPuts.Add(offer); return this; }
    public RoutingChange Delete(Offer offer) { OfferDeletes.Add(offer); return this; }

    public bool IsEmpty => Sessions.Count == 0 && Operators.Count == 0 && OfferPuts.Count == 0
                           && OfferDeletes.Count == 0 && ResumeTokens.Count == 0 && HandleTimes.Count == 0
                           && CallIds.Count == 0;
}
