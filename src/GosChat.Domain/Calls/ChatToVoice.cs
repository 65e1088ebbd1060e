using System.Security.Cryptography;
using GosChat.Domain.Engine;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Calls;

/// <summary>
/// Chat to voice (docs/ivr.md): the operator of an active chat asks to call its citizen; the citizen gives or confirms a
/// phone number; the telephony platform is asked to place the call; the call it then reports joins the same session
/// (ticket, history and operator stay). Each step is one optimistic commit of the session.
/// </summary>
public sealed class ChatToVoice(ContactCentre centre, IVoiceCallPlacer placer)
{
    /// <summary>The operator of an active chat asks to call its citizen. Refused for calls, closed or foreign sessions, or while a call is open.</summary>
    public async Task<Session> AskAsync(string operatorId, string? sessionId)
    {
        if (!placer.IsAvailable)
            throw DomainException.Conflict(ErrorCodes.CallsUnavailable, "No telephony platform is configured to place calls.");
        var asked = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var session = await centre.Operators.OwnedAsync(operatorId, sessionId);
            if (session.Channel != Channel.Chat)
                throw DomainException.Conflict(ErrorCodes.CallAlreadyRequested, "This session is already a call.");
            if (session.Voice is { IsOpen: true })
                throw DomainException.Conflict(ErrorCodes.CallAlreadyRequested, "A call to this citizen is already asked for or going on.");
            var next = session with
            {
                Voice = new VoiceCall(null, VoiceCallStates.AwaitingPhone, operatorId, centre.Clock.GetCurrentInstant()),
            };
            return (new RoutingChange().Put(next), next);
        });
        await centre.Events.CallStateAsync(asked);
        return asked;
    }

    /// <summary>
    /// The citizen gives a number (or confirms the one given at the start: <paramref name="phone"/> empty). The number is
    /// kept on the session (encrypted at rest), a call id is drawn and indexed, and the platform is asked to call.
    /// </summary>
    public async Task<Session> ConfirmPhoneAsync(string sessionId, string? phone)
    {
        var given = ContactDetails.Phone(phone);
        var confirmed = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var session = await centre.Store.GetSessionAsync(sessionId)
                          ?? throw DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");
            if (session.State != SessionState.Active || session.Voice is not { State: VoiceCallStates.AwaitingPhone } voice)
                throw DomainException.Conflict(ErrorCodes.CallNotRequested, "No call to you is waiting for a number.");
            var number = given ?? session.Phone
                         ?? throw DomainException.BadRequest(ErrorCodes.BadPhone, "A phone number is needed for the call.");
            var callId = "goschat-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var next = session with { Phone = number, Voice = voice with { CallId = callId, State = VoiceCallStates.Requested } };
            var change = new RoutingChange().Put(next);
            change.CallIds.Add((callId, session.Id));
            return (change, next);
        });
        await placer.PlaceAsync(confirmed);
        await centre.Dispatcher.SystemMessageAsync(confirmed, SystemTexts.CallRequested(confirmed.Language));
        await centre.Events.CallStateAsync(confirmed);
        return confirmed;
    }

    /// <summary>True when <paramref name="callId"/> is the chat-to-voice call of <paramref name="session"/>.</summary>
    public static bool IsVoiceCallOf(Session session, string callId) => session.Voice?.CallId == callId;

    /// <summary>
    /// The platform reports the call (POST /api/ivr/calls with its id, or an "answered" event): it joins the session, bridged
    /// to the session's operator. Again on a joined call: the same answer. After the session closed: 409 call_ended.
    /// </summary>
    public async Task<Session> JoinAsync(Session session)
    {
        var joined = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var current = await centre.Store.GetSessionAsync(session.Id) ?? session;
            if (current.State == SessionState.Closed || current.Voice is not { } voice || voice.State == VoiceCallStates.Ended)
                throw DomainException.Conflict(ErrorCodes.CallEnded, "The call has already ended.");
            if (voice.State == VoiceCallStates.Connected) return (new RoutingChange(), (Session?)null);
            var next = current with { Voice = voice with { State = VoiceCallStates.Connected, ConnectedAt = centre.Clock.GetCurrentInstant() } };
            return (new RoutingChange().Put(next), next);
        });
        if (joined is null) return await centre.Store.GetSessionAsync(session.Id) ?? session;
        await centre.Dispatcher.SystemMessageAsync(joined, SystemTexts.CallConnected(joined.Language));
        await centre.Events.CallStateAsync(joined);
        return joined;
    }

    /// <summary>The call hung up: it ends; the chat session stays with its operator.</summary>
    public async Task<Session> HangupAsync(Session session)
    {
        var ended = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var current = await centre.Store.GetSessionAsync(session.Id) ?? session;
            if (current.Voice is not { IsOpen: true } voice) return (new RoutingChange(), (Session?)null);
            var next = current with { Voice = voice with { State = VoiceCallStates.Ended, EndedAt = centre.Clock.GetCurrentInstant() } };
            return (new RoutingChange().Put(next), next);
        });
        if (ended is null) return await centre.Store.GetSessionAsync(session.Id) ?? session;
        if (ended.State != SessionState.Closed) await centre.Dispatcher.SystemMessageAsync(ended, SystemTexts.CallEnded(ended.Language));
        await centre.Events.CallStateAsync(ended);
        return ended;
    }

    /// <summary>The call's state as the telephony side sees it: connected (to the session's operator) until it ends.</summary>
    public static string StateOf(Session session) =>
        session.State == SessionState.Closed || session.Voice?.State == VoiceCallStates.Ended ? CallStates.Ended : CallStates.Connected;
}
