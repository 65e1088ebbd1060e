using GosChat.Domain.Sessions;

namespace GosChat.Domain.Deadlines;

/// <summary>When a deadline counts as met, and when a session counts as still unanswered.</summary>
public static class DeadlineRules
{
    /// <summary>True when nothing more is owed for <paramref name="kind"/>: the deadline was met or the session is over.</summary>
    public static bool IsSettled(Session session, DeadlineKind kind) =>
        session.State == SessionState.Closed || kind switch
        {
            DeadlineKind.FirstResponse => session.FirstOperatorReplyAt is not null,
            DeadlineKind.Resolution => false,
            DeadlineKind.Answer => session.State == SessionState.Active || session.AssignedAt is not null,
            DeadlineKind.CallbackConfirmation => session.State == SessionState.Active,
            _ => false,
        };

    /// <summary>No operator has answered yet: waiting in a queue (or offered), or a chat taken without a first reply.</summary>
    public static bool IsUnanswered(Session session) =>
        session.State is SessionState.Queued or SessionState.Offered
        || (session is { State: SessionState.Active, Channel: Channel.Chat, FirstOperatorReplyAt: null });
}
