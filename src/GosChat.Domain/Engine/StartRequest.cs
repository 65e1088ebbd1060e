using GosChat.Domain.Sessions;

namespace GosChat.Domain.Engine;

/// <summary>What a citizen (or the telephony side) asks for when a session starts. Strings as sent, validated by the engine.</summary>
public sealed record StartRequest
{
    public string? Topic { get; init; }
    public string? Text { get; init; }
    public string? Language { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    /// <summary>Marked critical by the telephony side (the IVR's urgent option); never taken from a citizen's widget.</summary>
    public bool Critical { get; init; }
    public Channel Channel { get; init; } = Channel.Chat;
    public string? CallId { get; init; }
    /// <summary>
    /// The caller's number as the telephony platform reported it (set only by the IVR side, which authenticates):
    /// it links the caller's earlier sessions. <see cref="Phone"/> alone links nothing.
    /// </summary>
    public string? VerifiedCaller { get; init; }
    /// <summary>A user id the host page's site signed (the widget tag's data-goschat-user…), checked against <see cref="Origin"/>.</summary>
    public Citizens.SignedUser? User { get; init; }
    /// <summary>The origin of the page the widget runs on (the connection's <c>Origin</c> header), when it came from a browser.</summary>
    public string? Origin { get; init; }
    /// <summary>A ticket number already given out for this request (a booked callback keeps its ticket); null = take the next one.</summary>
    public string? Ticket { get; init; }
    /// <summary>
    /// Set only by the IVR for a line with its own schedule (docs/ivr.md, "Lines"): the line decided the call is taken
    /// now (true) whatever the queue's own phone hours say. Null = the queue's hours decide, as always.
    /// </summary>
    public bool? OpenByLine { get; init; }
    /// <summary>The request the chat continues, its access code already checked (<see cref="Requests.RequestChats"/>); null = none.</summary>
    public string? RequestTicket { get; init; }
    /// <summary>A citizen-hub connection of this node starts it and will receive its events (<see cref="Session.CitizenNodes"/>).</summary>
    public bool FromConnection { get; init; }
}

/// <summary>The answer to a start: the session, the secret that resumes it, and its place.</summary>
public sealed record StartResult(Session Session, string ResumeToken, int Position, int EstimatedWaitSeconds);

/// <summary>A session with its history, as shown on resume or accept.</summary>
public sealed record SessionView(Session Session, IReadOnlyList<Messages.ChatMessage> Messages, int Position, int EstimatedWaitSeconds);

/// <summary>An offer with the session it offers.</summary>
public sealed record OfferView(Routing.Offer Offer, Session Session);

/// <summary>An operator's state, sessions (with history) and pending offer, as a console shows them.</summary>
public sealed record OperatorView(Operators.OperatorState Operator, IReadOnlyList<SessionView> Sessions, OfferView? Offer);
