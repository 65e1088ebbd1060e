using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Calls;

/// <summary>
/// What the console shows of a call on a conversation: a chat's call to its citizen (chat to voice) or the session's own
/// call (channel call). <see cref="State"/>: <c>awaitingPhone</c> (the citizen has not confirmed a number), <c>ringing</c>
/// (the platform is placing or offering the call), <c>connected</c>, <c>ended</c> (with its duration).
/// </summary>
/// <param name="DurationSeconds">Connected to ended (or to now while connected); null before it connected.</param>
public sealed record CallIndicator(string SessionId, string? CallId, string State, Instant? ConnectedAt, Instant? EndedAt, int? DurationSeconds)
{
    public const string AwaitingPhone = "awaitingPhone";
    public const string Ringing = "ringing";
    public const string Connected = "connected";
    public const string Ended = "ended";

    /// <summary>The session's call as the console shows it, or null when the session has none (a chat never asked to call).</summary>
    public static CallIndicator? Of(Session session, Instant now)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Voice is { } voice)
        {
            var state = voice.State switch
            {
                VoiceCallStates.AwaitingPhone => AwaitingPhone,
                VoiceCallStates.Requested => Ringing,
                VoiceCallStates.Connected when session.State != SessionState.Closed => Connected,
                _ => Ended,
            };
            var ended = state == Ended ? voice.EndedAt ?? session.ClosedAt : null;
            return new CallIndicator(session.Id, voice.CallId, state, voice.ConnectedAt, ended, Duration(voice.ConnectedAt, ended, now));
        }
        if (session.Channel != Channel.Call) return null;
        var own = session.State switch
        {
            SessionState.Active => Connected,
            SessionState.Closed => Ended,
            _ => Ringing,
        };
        var connectedAt = own == Ringing ? null : session.AssignedAt;
        var endedAt = own == Ended ? session.ClosedAt : null;
        return new CallIndicator(session.Id, session.CallId, own, connectedAt, endedAt, Duration(connectedAt, endedAt, now));
    }

    private static int? Duration(Instant? from, Instant? to, Instant now) =>
        from is { } start ? (int)Math.Max(0, ((to ?? now) - start).TotalSeconds) : null;
}
