using GosChat.Domain.Sessions;

namespace GosChat.Domain.Calls;

/// <summary>The telephony side's view of a call-type session (CONTRACT.md, "Telephony (IVR)").</summary>
public static class CallStates
{
    public const string Queued = "queued";
    public const string Offered = "offered";
    public const string Connected = "connected";
    public const string Ended = "ended";

    /// <summary>A deferred call (a voicemail waiting for opening) is reported as queued.</summary>
    public static string Of(Session session) => session.State switch
    {
        SessionState.Deferred or SessionState.Queued => Queued,
        SessionState.Offered => Offered,
        SessionState.Active => Connected,
        _ => Ended,
    };
}

/// <summary>Why a call session was closed by the telephony side.</summary>
public static class CallCloseReasons
{
    /// <summary>The caller hung up before an operator answered.</summary>
    public const string Abandoned = "abandoned";
    /// <summary>The caller (or the line) hung up during the conversation.</summary>
    public const string Hangup = "hangup";
}
