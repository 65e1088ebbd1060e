namespace GosChat.Domain.Sessions;

/// <summary>Why a session went back into a queue (the operator who had it is told: <c>SessionReleased.reason</c>).</summary>
public enum RequeueReason
{
    /// <summary>Transferred to another queue.</summary>
    Transferred,

    /// <summary>Back into its own queue: the operator left past the grace period, or transferred it within the queue.</summary>
    Returned,
}
