namespace GosChat.Domain.Sessions;

/// <summary>A session's place in its life: deferred → queued → offered → active → closed.</summary>
public enum SessionState
{
    Deferred,
    Queued,
    Offered,
    Active,
    Closed,
}

public enum Channel
{
    Chat,
    Call,
}

/// <summary>The request kind; its number is the first digit of the ticket.</summary>
public enum RequestKind
{
    Application = 1,
    Complaint = 2,
    Question = 3,
}

/// <summary>Priorities: higher is offered first. Boosts are added on top of the base priority.</summary>
public static class Priorities
{
    public const int Normal = 0;
    /// <summary>Returned to the head of its queue (operator gone past the grace period, or transferred).</summary>
    public const int Returned = 10;
    /// <summary>A response deadline was missed.</summary>
    public const int Escalated = 20;
    /// <summary>Marked critical (account security, emergency mode).</summary>
    public const int Critical = 30;
}
