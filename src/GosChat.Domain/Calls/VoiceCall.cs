using NodaTime;

namespace GosChat.Domain.Calls;

/// <summary>Where a chat's call to the citizen stands (chat to voice, docs/ivr.md).</summary>
public static class VoiceCallStates
{
    /// <summary>The operator asked to call; the citizen has not given or confirmed a number yet.</summary>
    public const string AwaitingPhone = "awaitingPhone";
    /// <summary>The citizen confirmed a number; the telephony platform was asked to place the call (webhook <c>call.requested</c>).</summary>
    public const string Requested = "requested";
    /// <summary>The platform reported the call: it is joined to the session, bridged to the session's operator.</summary>
    public const string Connected = "connected";
    /// <summary>The call ended (hung up); the chat session goes on with its operator.</summary>
    public const string Ended = "ended";
}

/// <summary>
/// A call placed to the citizen of a chat on its operator's request. It joins the chat's session (same ticket, history and
/// operator); the number called is the session's <see cref="Sessions.Session.Phone"/> (personal data, encrypted at rest).
/// </summary>
/// <param name="CallId">The id the telephony platform reports the call with (null until the citizen confirmed a number).</param>
/// <param name="OperatorId">The operator who asked for the call.</param>
public sealed record VoiceCall(string? CallId, string State, string OperatorId, Instant RequestedAt, Instant? ConnectedAt = null, Instant? EndedAt = null)
{
    public bool IsOpen => State is VoiceCallStates.AwaitingPhone or VoiceCallStates.Requested or VoiceCallStates.Connected;
}
