using GosChat.Domain.Privacy;
using GosChat.Domain.Deadlines;
using NodaTime;

namespace GosChat.Domain.Sessions;

/// <summary>
/// An operator who declined (or let expire) an offer of a session, and until when they are skipped for it. A mark of an
/// offer let expire (<paramref name="Expired"/>) only yields to another eligible operator: when the operator is the
/// only one who could take the session, it is offered to them again (Router).
/// </summary>
public sealed record DeclineMark(string OperatorId, Instant Until, bool Expired = false);

/// <summary>
/// The small routing state of one chat or call. Immutable: every change makes a new copy through the
/// transition methods, which refuse illegal moves. <see cref="Version"/> is the store's optimistic-concurrency
/// version of the copy this one was read from (0 for a session not stored yet).
/// </summary>
public sealed record Session
{
    public required string Id { get; init; }
    public required string Ticket { get; init; }
    public required string Queue { get; init; }
    public Channel Channel { get; init; } = Channel.Chat;
    public RequestKind Kind { get; init; } = RequestKind.Question;
    public string Language { get; init; } = Languages.Russian;
    public SessionState State { get; init; }
    public int Priority { get; init; }
    public bool Critical { get; init; }
    /// <summary>Set by a transfer to the senior tier or an escalation: only senior operators are offered it.</summary>
    public bool SeniorOnly { get; init; }
    public Instant CreatedAt { get; init; }
    /// <summary>When the session (last) entered a queue; waits are measured from here.</summary>
    public Instant QueuedAt { get; init; }
    /// <summary>Tie-breaker inside one priority: older first.</summary>
    public Instant OrderAt { get; init; }
    public string? OperatorId { get; init; }
    public string? OperatorName { get; init; }
    public Instant? AssignedAt { get; init; }
    public Instant? FirstOperatorReplyAt { get; init; }
    public string? OfferId { get; init; }
    public IReadOnlyList<DeclineMark> Declines { get; init; } = [];
    /// <summary>
    /// Set when nobody on duty spoke <see cref="Language"/> for the fallback wait: operators of this language may take
    /// the session too (Routing/LanguageFallback).
    /// </summary>
    public string? FallbackLanguage { get; init; }
    [PersonalData] public string? CitizenName { get; init; }
    [PersonalData] public string? Phone { get; init; }
    [PersonalData] public string? Email { get; init; }
    /// <summary>The start of the citizen's first message.</summary>
    [PersonalData] public string? Preview { get; init; }
    public string? CallId { get; init; }
    /// <summary>A chat's call to the citizen, asked for by its operator (chat to voice); its call id is indexed like a call's.</summary>
    public Calls.VoiceCall? Voice { get; init; }
    /// <summary>
    /// The key of the citizen's history (an HMAC of a verified identity, <see cref="Citizens.CitizenKeys"/>), or null
    /// when nobody vouched for who the citizen is: then the session links to no other.
    /// </summary>
    public string? HistoryKey { get; init; }
    /// <summary>The request this chat continues: the citizen started it with the request's ticket and access code.</summary>
    public string? RequestTicket { get; init; }
    /// <summary>
    /// The nodes that hold (or held: a node that stopped is not taken off) a citizen connection of this session. While
    /// it is just the node a message is handled on, the pushes to the citizen go straight to its connections there,
    /// with no trip through the backplane; any other node listed, or none known, and they go to the session's group.
    /// A node is listed before its connection expects events, so the list is never short of a node that has one.
    /// </summary>
    public IReadOnlyList<string> CitizenNodes { get; init; } = [];
    public Instant? ClosedAt { get; init; }
    public string? CloseReason { get; init; }
    [PersonalData] public string? Resolution { get; init; }
    public int? Rating { get; init; }
    [PersonalData] public string? RatingComment { get; init; }
    public IReadOnlyList<string> TransferredFrom { get; init; } = [];
    /// <summary>Deadlines this session missed, in the order they were recorded.</summary>
    public IReadOnlyList<DeadlineBreach> Breaches { get; init; } = [];
    public long Version { get; init; }

    public bool IsWaiting => State is SessionState.Deferred or SessionState.Queued or SessionState.Offered;

    /// <summary>True while the operator's decline mark holds; with <paramref name="countExpired"/> false, marks of offers let expire do not count.</summary>
    public bool IsDeclinedBy(string operatorId, Instant now, bool countExpired = true)
    {
        // A loop, not a lambda: the router asks this for every operator it weighs for every waiting session.
        for (var i = 0; i < Declines.Count; i++)
        {
            var d = Declines[i];
            if (d.OperatorId == operatorId && d.Until > now && (countExpired || !d.Expired)) return true;
        }
        return false;
    }

    private DomainException Illegal(string action) =>
        DomainException.Conflict(ErrorCodes.IllegalTransition, $"Session {Ticket} is {State.ToString().ToLowerInvariant()} and cannot be {action}.");

    public Session OfferTo(string offerId)
    {
        if (State != SessionState.Queued || OfferId is not null) throw Illegal("offered");
        return this with { State = SessionState.Offered, OfferId = offerId };
    }

    /// <summary>The offer was declined, expired or revoked: back to the queue, keeping its place.</summary>
    public Session OfferWithdrawn(string offerId, DeclineMark? mark, Instant now)
    {
        if (State != SessionState.Offered || OfferId != offerId) throw Illegal("withdrawn from an offer");
        var declines = Declines.Where(d => d.Until > now).ToList();
        if (mark is not null)
        {
            declines.RemoveAll(d => d.OperatorId == mark.OperatorId);
            declines.Add(mark);
        }
        return this with { State = SessionState.Queued, OfferId = null, Declines = declines };
    }

    public Session AcceptedBy(string offerId, string operatorId, string operatorName, Instant now)
    {
        if (State != SessionState.Offered || OfferId != offerId) throw Illegal("accepted");
        return this with
        {
            State = SessionState.Active,
            OfferId = null,
            OperatorId = operatorId,
            OperatorName = operatorName,
            AssignedAt = now,
        };
    }

    /// <summary>A queued session opened to operators of <paramref name="language"/> as well as of its own.</summary>
    public Session FellBackTo(string language)
    {
        if (State != SessionState.Queued || FallbackLanguage is not null) throw Illegal("passed to another language");
        return this with { FallbackLanguage = language };
    }

    /// <summary>Deferred → queued when the queue opens.</summary>
    public Session Released(Instant now)
    {
        if (State != SessionState.Deferred) throw Illegal("released into the queue");
        return this with { State = SessionState.Queued, QueuedAt = now };
    }

    /// <summary>
    /// Why the session last went back into a queue: moved to another queue, or back into its own (its operator
    /// gone past the grace period, or a transfer within the same queue).
    /// </summary>
    public RequeueReason LastRequeueReason() =>
        TransferredFrom.Count > 0 && Queue != TransferredFrom[^1] ? RequeueReason.Transferred : RequeueReason.Returned;

    /// <summary>Marked critical: security-urgent, ahead of ordinary sessions whenever it waits.</summary>
    public Session MarkedCritical() => this with { Critical = true, Priority = Math.Max(Priority, Priorities.Critical) };

    /// <summary>Back into a queue (a transfer, or the operator gone past the grace period). History and ticket stay.</summary>
    public Session Requeued(string queue, bool seniorOnly, Instant now)
    {
        if (State != SessionState.Active) throw Illegal("transferred");
        return this with
        {
            State = SessionState.Queued,
            TransferredFrom = [.. TransferredFrom, Queue],
            Queue = queue,
            SeniorOnly = seniorOnly,
            OperatorId = null,
            OperatorName = null,
            AssignedAt = null,
            OfferId = null,
            Priority = Math.Max(Priority, Priorities.Returned),
            QueuedAt = now,
            Declines = [],
        };
    }

    public Session Closed(string reason, string? resolution, Instant now)
    {
        if (State == SessionState.Closed) throw Illegal("closed");
        return this with { State = SessionState.Closed, ClosedAt = now, CloseReason = reason, Resolution = resolution, OfferId = null };
    }

    public Session Rated(int score, string? comment)
    {
        if (State != SessionState.Closed) throw DomainException.Conflict(ErrorCodes.NotClosed, "A session can be rated only after it is closed.");
        if (Rating is not null) throw DomainException.Conflict(ErrorCodes.AlreadyRated, "This session has already been rated.");
        if (score is < 1 or > 5) throw DomainException.BadRequest(ErrorCodes.BadScore, "The score must be a whole number from 1 to 5.");
        return this with { Rating = score, RatingComment = comment };
    }
}
