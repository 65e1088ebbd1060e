using GosChat.Domain.Calls;
using GosChat.Domain.Messages;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Privacy;

/// <summary>Everything held about a ticket or a phone number.</summary>
public sealed record PersonalDataExport(Instant ExportedAt, IReadOnlyList<SessionData> Sessions, IReadOnlyList<CallbackData> Callbacks)
{
    /// <summary>The request cards (docs/requests.md) of the ticket or the phone number.</summary>
    public IReadOnlyList<RequestData> Requests { get; init; } = [];
}

/// <summary>A session as held: its contact details, what happened, its messages and its files.</summary>
public sealed record SessionData(
    string SessionId, string Ticket, string Queue, string Channel, string State, string Language,
    Instant CreatedAt, Instant? ClosedAt, string? Name, string? Phone, string? Email, string? OperatorName,
    string? Resolution, int? Rating, string? RatingComment, IReadOnlyList<MessageData> Messages, IReadOnlyList<Attachment> Attachments)
{
    public static SessionData Of(Session s, IReadOnlyList<ChatMessage> messages) => new(
        s.Id, s.Ticket, s.Queue, s.Channel.ToString().ToLowerInvariant(), s.State.ToString().ToLowerInvariant(), s.Language,
        s.CreatedAt, s.ClosedAt, s.CitizenName, s.Phone, s.Email, s.OperatorName, s.Resolution, s.Rating, s.RatingComment,
        messages.Select(m => new MessageData(m.MessageId, m.From, m.Text, m.SentAt, m.Attachment?.AttachmentId)).ToList(),
        messages.Select(m => m.Attachment).OfType<Attachment>().ToList());
}

public sealed record MessageData(string MessageId, string From, string Text, Instant SentAt, string? AttachmentId);

/// <summary>A booked call back as held.</summary>
public sealed record CallbackData(
    string Ticket, string Queue, string Phone, string? Name, Instant SlotStart, Instant SlotEnd, string State, string Source,
    string? SessionId, Instant CreatedAt)
{
    public static CallbackData Of(CallbackBooking b) =>
        new(b.Ticket, b.Queue, b.Phone, b.Name, b.SlotStart, b.SlotEnd, b.State.ToString().ToLowerInvariant(), b.Source, b.SessionId, b.CreatedAt);
}

/// <summary>A request card as held: contact details, status history, notes, answers, the citizen's replies.</summary>
public sealed record RequestData(
    string Ticket, string Kind, string Queue, string Status, string DeadlineClass, Instant OpenedAt, Instant DueAt,
    string? Name, string? Phone, string? Email, string Language, IReadOnlyList<string> SessionIds,
    IReadOnlyList<RequestStatusData> History, IReadOnlyList<RequestEntryData> Notes, IReadOnlyList<RequestEntryData> Answers,
    IReadOnlyList<RequestEntryData> Replies)
{
    public static RequestData Of(ServiceRequest r) => new(
        r.Ticket, RequestKinds.Wire(r.Kind), r.Queue, RequestStatuses.Wire(r.Status), r.DeadlineClass, r.OpenedAt, r.DueAt,
        r.CitizenName, r.Phone, r.Email, r.Language, r.SessionIds,
        r.History.Select(h => new RequestStatusData(RequestStatuses.Wire(h.Status), h.By, h.At)).ToList(),
        Entries(r.Notes), Entries(r.Answers), Entries(r.Replies));

    private static List<RequestEntryData> Entries(IEnumerable<RequestEntry> entries) => entries.Select(e => new RequestEntryData(e.At, e.By, e.Text)).ToList();
}

public sealed record RequestStatusData(string Status, string By, Instant At);

public sealed record RequestEntryData(Instant At, string By, string Text);

/// <summary>What an erasure removed (counts only: it is logged).</summary>
public sealed record ErasureResult(int Sessions, int Messages, int Attachments, int Callbacks, int HistoryEntries, int Requests = 0)
{
    public static readonly ErasureResult None = new(0, 0, 0, 0, 0);
    public ErasureResult Plus(ErasureResult o) =>
        new(Sessions + o.Sessions, Messages + o.Messages, Attachments + o.Attachments, Callbacks + o.Callbacks, HistoryEntries + o.HistoryEntries,
            Requests + o.Requests);
}
