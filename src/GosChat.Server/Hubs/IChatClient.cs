namespace GosChat.Server.Hubs;

/// <summary>Events a citizen's connection receives (CONTRACT.md, citizen hub).</summary>
public interface IChatClient
{
    Task QueueUpdate(QueueUpdateDto update);
    Task OperatorJoined(OperatorJoinedDto joined);
    Task Message(MessageDto message);
    Task Typing(CitizenTypingDto typing);
    Task SessionClosed(SessionClosedDto closed);
    /// <summary>Extension: a queue opened or closed (pushed to every citizen connection).</summary>
    Task QueueStatus(Api.QueueStatusDto status);
    /// <summary>Extension: pushes may have been lost (this node's backplane subscription was down): fetch with GetMessages.</summary>
    Task Resync(ResyncDto resync);
    /// <summary>Extension: an operator opened a request from this chat; the ticket and access code to look it up with.</summary>
    Task RequestOpened(Requests.RequestOpenedDto opened);
    /// <summary>Extension (chat to voice): the operator asks to call; answer with ConfirmCallPhone(phone?).</summary>
    Task CallPhoneRequested(CallPhoneRequestedDto requested);
}

/// <summary>Events an operator's (or supervisor's) connection receives (CONTRACT.md, operator hub).</summary>
public interface IOperatorClient
{
    Task Offer(OfferDto offer);
    Task OfferRevoked(OfferRevokedDto revoked);
    /// <summary>Extension: the operator asked for more time on an offer (on any of their connections).</summary>
    Task OfferExtended(OfferExtendedDto extended);
    Task Message(MessageDto message);
    Task Typing(OperatorTypingDto typing);
    Task SessionClosed(SessionClosedDto closed);
    Task DeadlineWarning(DeadlineWarningDto warning);
    /// <summary>Extension (the request's assignee): the citizen replied to a request that waited on them.</summary>
    Task RequestReplied(Requests.RequestRepliedDto replied);
    /// <summary>Extension (supervisors group): a deadline was missed and the session escalated.</summary>
    Task DeadlineBreached(DeadlineBreachedDto breached);
    /// <summary>Extension: the session left this operator (transferred, or returned to the queue after a disconnect).</summary>
    Task SessionReleased(SessionReleasedDto released);
    /// <summary>Extension: live queue figures for consoles and supervisors.</summary>
    Task QueueStats(QueueStatsDto stats);
    /// <summary>Extension: the operator's presence as stored (after SetPresence on any of their connections).</summary>
    Task Presence(PresenceDto presence);
    /// <summary>Extension: pushes may have been lost (this node's backplane subscription was down): fetch with GetMessages.</summary>
    Task Resync(ResyncDto resync);
    /// <summary>Extension: the call on one of this operator's conversations moved (ringing, connected, ended; docs/protocol.md).</summary>
    Task CallState(CallStateDto call);
}
