using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using NodaTime;

namespace GosChat.Server.Requests;

/// <summary>Operator hub <c>OpenRequest(sessionId, { kind, deadlineClass, note })</c>: every field optional.</summary>
public sealed record OpenRequestDto(string? Kind, string? DeadlineClass, string? Note);

/// <summary>What <c>OpenRequest</c> answers the operator (the only time the access code is shown to staff).</summary>
public sealed record OpenedRequestDto(string Ticket, string AccessCode, string Status, Instant DueAt);

/// <summary>The citizen hub's <c>RequestOpened</c> event: the ticket and the code to look the request up with.</summary>
public sealed record RequestOpenedDto(string Ticket, string AccessCode, Instant DueAt);

public sealed record RequestAnswerDto(Instant At, string Text);

/// <summary><c>GET /api/requests/{ticket}</c>: what a citizen sees (no internal notes, no operator ids); <c>replies</c> are their own.</summary>
public sealed record RequestLookupDto(string Ticket, string Kind, string Status, Instant DueAt, IReadOnlyList<RequestAnswerDto> Answers)
{
    public IReadOnlyList<RequestAnswerDto> Replies { get; init; } = [];
    /// <summary>The card's files, the citizen's and the operators' (download with the same code).</summary>
    public IReadOnlyList<RequestAttachmentDto> Attachments { get; init; } = [];
    /// <summary>The queue it is in (the widget's "Reply in chat" starts the chat there).</summary>
    public string? Queue { get; init; }

    public static RequestLookupDto From(ServiceRequest r) => new(r.Ticket, Wire.Kind(r.Kind), RequestStatuses.Wire(r.Status), r.DueAt,
        r.Answers.Select(a => new RequestAnswerDto(a.At, a.Text)).ToList())
    {
        Replies = r.Replies.Select(a => new RequestAnswerDto(a.At, a.Text)).ToList(),
        Attachments = r.Attachments.Select(RequestAttachmentDto.Of).ToList(),
        Queue = r.Queue,
    };
}

/// <summary><c>POST /api/requests</c>: a written request from the widget's form (no chat). <c>text</c> and a phone or e-mail are required.</summary>
public sealed record WrittenRequestDto(string? Topic, string? Kind, string? Text, string? Language, string? Name, string? Phone, string? Email);

/// <summary><c>POST /api/requests/{ticket}/replies</c>: the citizen's reply.</summary>
public sealed record RequestReplyDto(string? Text);

/// <summary>The operator hub's <c>RequestReplied</c> event to the assignee (no text: they open the card).</summary>
public sealed record RequestRepliedDto(string Ticket, string Status, Instant At);

public sealed record RequestStatusChangeDto(string Status, string By, Instant At);

public sealed record RequestEntryDto(Instant At, string By, string Text);

/// <summary>The whole card, for operators (<c>GetRequest</c>, and the answer of every request change).</summary>
public sealed record RequestCardDto(
    string Ticket, string Kind, string Queue, string Status, string DeadlineClass, Instant OpenedAt, Instant DueAt, string AssigneeId,
    IReadOnlyList<string> SessionIds, IReadOnlyList<RequestStatusChangeDto> History, IReadOnlyList<RequestEntryDto> Notes,
    IReadOnlyList<RequestEntryDto> Answers, string Language, string? CitizenName, string? Phone, string? Email, Instant? BreachedAt)
{
    /// <summary>The citizen's replies (by <c>citizen</c>).</summary>
    public IReadOnlyList<RequestEntryDto> Replies { get; init; } = [];
    /// <summary>The card's files (download: <c>GET /api/requests/{ticket}/attachments/{id}</c> with the operator's sign-in).</summary>
    public IReadOnlyList<RequestAttachmentDto> Attachments { get; init; } = [];

    public static RequestCardDto From(ServiceRequest r) => new(
        r.Ticket, Wire.Kind(r.Kind), r.Queue, RequestStatuses.Wire(r.Status), r.DeadlineClass, r.OpenedAt, r.DueAt, r.AssigneeId,
        r.SessionIds, r.History.Select(h => new RequestStatusChangeDto(RequestStatuses.Wire(h.Status), h.By, h.At)).ToList(),
        r.Notes.Select(Entry).ToList(), r.Answers.Select(Entry).ToList(), r.Language, r.CitizenName, r.Phone, r.Email, r.BreachedAt)
    {
        Replies = r.Replies.Select(Entry).ToList(),
        Attachments = r.Attachments.Select(RequestAttachmentDto.Of).ToList(),
    };

    private static RequestEntryDto Entry(RequestEntry e) => new(e.At, e.By, e.Text);
}

/// <summary>
/// A file on a request: <c>from</c> is <c>citizen</c> or <c>operator</c> (the citizen is not shown which operator); operators
/// find the operator's id in the card's history if they need it.
/// </summary>
public sealed record RequestAttachmentDto(string Id, string Name, long Size, string Type, string From, Instant At)
{
    public static RequestAttachmentDto Of(RequestAttachment a) => new(a.Id, a.Name, a.Size, a.ContentType,
        a.By == ServiceRequest.CitizenAuthor ? "citizen" : "operator", a.At);
}
