using GosChat.Domain.Privacy;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>A line on a request: an internal operator note, or an answer the citizen sees. The text is personal data.</summary>
public sealed record RequestEntry(Instant At, string By, [property: PersonalData] string Text);

/// <summary>
/// A file on a request card: its id (<c>{ticket}.{32 hex digits}</c>), cleaned name (personal data), size, checked
/// content type, who attached it (<see cref="ServiceRequest.CitizenAuthor"/> or an operator id) and when.
/// </summary>
public sealed record RequestAttachment(string Id, [property: PersonalData] string Name, long Size, string ContentType, string By, Instant At);

/// <summary>
/// A request that outlives its conversation: the card an operator opens from a chat or call that could not be settled
/// at once. Its <see cref="Ticket"/> is the session's ticket with the request's kind as first digit (so the number the
/// citizen already has keeps its 8-digit sequence). Immutable: transitions make new copies and refuse illegal moves.
/// <see cref="Version"/> is the store's optimistic-concurrency version of the copy this one was read from (0 = new).
/// </summary>
public sealed record ServiceRequest
{
    public required string Ticket { get; init; }
    public RequestKind Kind { get; init; } = RequestKind.Question;
    public required string Queue { get; init; }
    public RequestStatus Status { get; init; } = RequestStatus.Received;
    /// <summary>Every status it had, oldest first, with who moved it and when (the first is <see cref="RequestStatus.Received"/>).</summary>
    public IReadOnlyList<StatusChange> History { get; init; } = [];
    /// <summary>The chats and calls it came from or was continued in.</summary>
    public IReadOnlyList<string> SessionIds { get; init; } = [];
    /// <summary>Internal notes: operators only.</summary>
    public IReadOnlyList<RequestEntry> Notes { get; init; } = [];
    /// <summary>Answers: shown to the citizen with the request.</summary>
    public IReadOnlyList<RequestEntry> Answers { get; init; } = [];
    /// <summary>The citizen's replies to a request that waited on them (<see cref="RequestEntry.By"/> is <see cref="CitizenAuthor"/>): seen by operators and the citizen.</summary>
    public IReadOnlyList<RequestEntry> Replies { get; init; } = [];
    /// <summary>Files attached by the citizen or operators (the bytes are in <see cref="Ports.IRequestFileStore"/>), oldest first.</summary>
    public IReadOnlyList<RequestAttachment> Attachments { get; init; } = [];
    /// <summary>The wire name of its <see cref="Requests.DeadlineClass"/>.</summary>
    public required string DeadlineClass { get; init; }
    public Instant OpenedAt { get; init; }
    public Instant DueAt { get; init; }
    /// <summary>The operator who opened it and follows it up (deadline warnings go to them).</summary>
    public required string AssigneeId { get; init; }
    /// <summary>SHA-256 of the access code (<see cref="AccessCode"/>); the code itself is never stored.</summary>
    public required string AccessCodeHash { get; init; }
    public string Language { get; init; } = Languages.Russian;
    [PersonalData] public string? CitizenName { get; init; }
    [PersonalData] public string? Phone { get; init; }
    [PersonalData] public string? Email { get; init; }
    /// <summary>When its deadline was found missed and supervisors were told (once).</summary>
    public Instant? BreachedAt { get; init; }
    /// <summary>When the citizen was last reminded that the request waits on them.</summary>
    public Instant? RemindedAt { get; init; }
    /// <summary>Notices to the citizen: pending until delivered by every channel (<see cref="RequestNotice"/>).</summary>
    public IReadOnlyList<RequestNotice> Notices { get; init; } = [];
    public long Version { get; init; }

    /// <summary>Who the citizen is in <see cref="History"/> and <see cref="Replies"/>.</summary>
    public const string CitizenAuthor = "citizen";

    /// <summary>The <see cref="AssigneeId"/> of a written request no operator has taken on yet.</summary>
    public const string NoAssignee = "";

    public bool IsFinal => RequestStatuses.IsFinal(Status);

    /// <summary>When the request last entered its current status.</summary>
    public Instant StatusSince => History.Count > 0 ? History[^1].At : OpenedAt;

    public static ServiceRequest Open(Session session, RequestKind kind, DeadlineClass deadline, string operatorId,
        string accessCodeHash, Instant now, Instant dueAt) => new()
    {
        Ticket = Sessions.Ticket.WithKind(session.Ticket, kind),
        Kind = kind,
        Queue = session.Queue,
        History = [new StatusChange(RequestStatus.Received, operatorId, now)],
        SessionIds = [session.Id],
        DeadlineClass = deadline.Name,
        OpenedAt = now,
        DueAt = dueAt,
        AssigneeId = operatorId,
        AccessCodeHash = accessCodeHash,
        Language = session.Language,
        CitizenName = session.CitizenName,
        Phone = session.Phone,
        Email = session.Email,
    };

    public ServiceRequest Moved(RequestStatus to, string by, Instant now)
    {
        if (!RequestStatuses.CanMove(Status, to))
            throw DomainException.Conflict(ErrorCodes.IllegalTransition,
                $"Request {Ticket} is {RequestStatuses.Wire(Status)} and cannot become {RequestStatuses.Wire(to)}.");
        return this with { Status = to, History = [.. History, new StatusChange(to, by, now)] };
    }

    public ServiceRequest WithNote(string by, string text, Instant now) => this with { Notes = [.. Notes, new RequestEntry(now, by, text)] };

    public ServiceRequest WithAnswer(string by, string text, Instant now)
    {
        if (IsFinal)
            throw DomainException.Conflict(ErrorCodes.IllegalTransition, $"Request {Ticket} is {RequestStatuses.Wire(Status)}: it takes no more answers.");
        return this with { Answers = [.. Answers, new RequestEntry(now, by, text)] };
    }

    /// <summary>
    /// The citizen's reply to a request waiting on them: stored as a reply, and the request goes back to
    /// <see cref="RequestStatus.InProgress"/> (by <see cref="CitizenAuthor"/>). Refused in any other status.
    /// </summary>
    public ServiceRequest WithCitizenReply(string text, Instant now)
    {
        if (Status != RequestStatus.WaitingForCitizen)
            throw DomainException.Conflict(ErrorCodes.RequestNotWaiting,
                $"Request {Ticket} is {RequestStatuses.Wire(Status)}: it does not wait for a reply.");
        return Moved(RequestStatus.InProgress, CitizenAuthor, now) with { Replies = [.. Replies, new RequestEntry(now, CitizenAuthor, text)] };
    }

    /// <summary>A file listed on the card; refused once the request is resolved or declined (<c>request_closed</c>).</summary>
    public ServiceRequest WithAttachment(RequestAttachment attachment)
    {
        if (IsFinal)
            throw DomainException.Conflict(ErrorCodes.RequestClosed, $"Request {Ticket} is {RequestStatuses.Wire(Status)}: it takes no more files.");
        return this with { Attachments = [.. Attachments, attachment] };
    }

    /// <summary>
    /// The citizen came back by chat with the ticket and code: the chat joins the card's sessions, and a request waiting on
    /// the citizen goes back to <see cref="RequestStatus.InProgress"/> (by <see cref="CitizenAuthor"/>), as a form reply does;
    /// the chat holds what they say. In any other status only the link is made.
    /// </summary>
    public ServiceRequest ContinuedInChat(string sessionId, Instant now)
    {
        var linked = Linked(sessionId);
        return Status == RequestStatus.WaitingForCitizen ? linked.Moved(RequestStatus.InProgress, CitizenAuthor, now) : linked;
    }

    /// <summary>A request nobody follows yet (a written one) is followed by the first operator who moves or answers it.</summary>
    public ServiceRequest TakenOnBy(string operatorId) => AssigneeId == NoAssignee ? this with { AssigneeId = operatorId } : this;

    public ServiceRequest Linked(string sessionId) =>
        SessionIds.Contains(sessionId) ? this : this with { SessionIds = [.. SessionIds, sessionId] };
}
