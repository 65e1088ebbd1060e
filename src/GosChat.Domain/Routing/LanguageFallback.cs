using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Routing;

/// <summary>
/// When a session in a language nobody on duty speaks stops waiting for one: after the fallback wait in the queue it is
/// opened to operators of the fallback language (Russian) too, and the citizen is told. "On duty" is connected and not
/// offline (available or away) and skilled for the session's queue: while such an operator is there, even busy, the
/// session waits for them. Pure: it only decides.
/// </summary>
public static class LanguageFallback
{
    /// <summary>The queued sessions due to fall back at <paramref name="now"/>.</summary>
    public static IEnumerable<Session> Due(RoutingSnapshot snapshot, Instant now, string? fallbackLanguage, Duration wait)
    {
        if (string.IsNullOrEmpty(fallbackLanguage)) return [];
        return snapshot.Waiting.Where(s => IsDue(s, snapshot.Operators, now, fallbackLanguage, wait));
    }

    public static bool IsDue(Session session, IEnumerable<OperatorState> operators, Instant now, string fallbackLanguage, Duration wait) =>
        session is { State: SessionState.Queued, FallbackLanguage: null }
        && !string.Equals(session.Language, fallbackLanguage, StringComparison.OrdinalIgnoreCase)
        && now - session.QueuedAt >= wait
        && !SpokenOnDuty(session, operators);

    /// <summary>True when an operator on duty (connected, not offline) is skilled for the session's queue and speaks its language.</summary>
    public static bool SpokenOnDuty(Session session, IEnumerable<OperatorState> operators) =>
        operators.Any(o => o.IsConnected && o.Presence != Presence.Offline && o.Speaks(session));
}
