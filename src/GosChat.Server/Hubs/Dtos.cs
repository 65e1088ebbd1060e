using GosChat.Domain.Engine;
using GosChat.Domain.Messages;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Server.Hubs;

// The payloads of CONTRACT.md, plus documented extensions (docs/protocol.md). camelCase on the wire.

public sealed record StartSessionRequest(
    string? Topic, string? Text, string? Language, string? Kind, string? Name, string? Phone, string? Email,
    // Accepted for compatibility and ignored: a citizen cannot make their own chat critical (docs/security.md).
    bool? Critical,
    // Extension: the user the host page's site signed (docs/widget.md, "Signed-in users"); links the citizen's history.
    GosChat.Domain.Citizens.SignedUser? User = null,
    // Extension: the line the widget is embedded for (its data-line; docs/lines.md): its topics only.
    string? Line = null,
    // Extension: the request this chat replies to, by its ticket and access code (docs/requests.md, "Reply by chat").
    ContinueRequestDto? ContinueRequest = null);

/// <summary>StartSession's <c>continueRequest</c>: the request's ticket and the access code given with it.</summary>
public sealed record ContinueRequestDto(string? Ticket, string? AccessCode);

public sealed record SessionStartedDto(
    string SessionId, string ResumeToken, string Ticket, string Queue, string State, int Position, int EstimatedWaitSeconds,
    Instant? NextOpening);

public sealed record MessageDto(
    string MessageId, string SessionId, string From, string Text, Instant SentAt, long Seq, string? ClientMessageId, AttachmentDto? Attachment)
{
    public static MessageDto Of(ChatMessage m) => new(m.MessageId, m.SessionId, m.From, m.Text, m.SentAt, m.Seq, m.ClientMessageId,
        m.Attachment is { } a ? new AttachmentDto(a.AttachmentId, a.Name, a.Size, a.ContentType, a.Url) : null);
}

public sealed record AttachmentDto(string AttachmentId, string Name, long Size, string ContentType, string Url);

/// <summary>Extension: a short-lived signed download link of an attachment (docs/attachments.md).</summary>
public sealed record AttachmentLinkDto(string Url, NodaTime.Instant ExpiresAt);

public sealed record SendResult(string MessageId, Instant SentAt, long Seq);

/// <summary>The Resync event's payload: <c>{}</c>, room for later fields.</summary>
public sealed record ResyncDto
{
    public static readonly ResyncDto Instance = new();
}

public sealed record SessionSnapshotDto(
    string SessionId, string Ticket, string Queue, string State, int Position, int EstimatedWaitSeconds, string? OperatorName,
    string Channel, string Language, string Kind, string? CitizenName, string? Phone, Instant CreatedAt, Instant QueuedAt,
    Instant? AssignedAt, Instant? FirstOperatorReplyAt, IReadOnlyList<MessageDto> Messages)
{
    /// <summary>Extension (operators only): the conversation's call, as the <c>CallState</c> event gives it; null without one.</summary>
    public CallStateDto? Call { get; init; }

    public static SessionSnapshotDto From(SessionView view, bool forOperator) => From(view.Session, view.Messages, view.Position, view.EstimatedWaitSeconds, forOperator);

    public static SessionSnapshotDto From(Session s, IReadOnlyList<ChatMessage> messages, int position, int eta, bool forOperator) => new(
        s.Id, s.Ticket, s.Queue, Wire.State(s.State), position, eta, s.OperatorName,
        Wire.Channel(s.Channel), s.Language, Wire.Kind(s.Kind),
        forOperator ? s.CitizenName : null,
        forOperator ? (s.Channel == Domain.Sessions.Channel.Call ? ContactDetails.Mask(s.Phone) : s.Phone) : null,
        s.CreatedAt, s.QueuedAt, s.AssignedAt, s.FirstOperatorReplyAt,
        messages.Select(MessageDto.Of).ToList())
    {
        Call = forOperator ? CallStateDto.Of(s, s.Voice?.EndedAt ?? s.ClosedAt ?? s.Voice?.ConnectedAt ?? s.AssignedAt ?? s.CreatedAt) : null,
        RequestTicket = forOperator ? s.RequestTicket : null,
    };

    /// <summary>Extension, operators only: the request the citizen started this chat for (docs/requests.md, "Reply by chat").</summary>
    public string? RequestTicket { get; init; }
}

/// <summary>
/// Extension (operator hub event <c>CallState</c>, and <c>call</c> in the operator's snapshot): the call on a conversation —
/// <c>awaitingPhone</c>, <c>ringing</c>, <c>connected</c> (since <c>connectedAt</c>), <c>ended</c> (with <c>durationSeconds</c>).
/// </summary>
public sealed record CallStateDto(string SessionId, string State, Instant? ConnectedAt, Instant? EndedAt, int? DurationSeconds)
{
    public static CallStateDto? Of(Session s, Instant now) =>
        GosChat.Domain.Calls.CallIndicator.Of(s, now) is { } c ? new(c.SessionId, c.State, c.ConnectedAt, c.EndedAt, c.DurationSeconds) : null;
}

public sealed record QueueUpdateDto(int Position, int EstimatedWaitSeconds);
public sealed record OperatorJoinedDto(string OperatorName);
public sealed record CitizenTypingDto(string From, bool IsTyping);
public sealed record SessionClosedDto(string SessionId, string Ticket, string Reason);

/// <param name="FallbackLanguage">Extension: set when nobody on duty spoke <paramref name="Language"/> and the session fell back to this one.</param>
public sealed record OfferDto(
    string OfferId, string SessionId, string Channel, string Queue, string Ticket, string Language, string? Preview, Instant ExpiresAt,
    string? Caller, int Priority, int ExtensionsLeft, string? FallbackLanguage = null, string? RequestTicket = null)
{
    public static OfferDto From(Offer offer, Session s) => new(
        offer.Id, s.Id, Wire.Channel(s.Channel), s.Queue, s.Ticket, s.Language, s.Preview, offer.ExpiresAt,
        s.Channel == Domain.Sessions.Channel.Call ? ContactDetails.Mask(s.Phone) : null, s.Priority, offer.ExtensionsLeft, s.FallbackLanguage,
        s.RequestTicket);
}

public sealed record OfferRevokedDto(string OfferId);

/// <summary>What ExtendOffer answers and the OfferExtended event carries: the offer's new expiry.</summary>
public sealed record OfferExtendedDto(string OfferId, Instant ExpiresAt, int ExtensionsLeft)
{
    public static OfferExtendedDto From(Offer offer) => new(offer.Id, offer.ExpiresAt, offer.ExtensionsLeft);
}
public sealed record OperatorTypingDto(string SessionId, string From, bool IsTyping);
public sealed record SessionReleasedDto(string SessionId, string Ticket, string Queue, string Reason);
public sealed record DeadlineWarningDto(string SessionId, string Deadline, Instant DueAt, string WarningId)
{
    /// <summary>Extension: the request's ticket, for deadline <c>request</c> (docs/requests.md).</summary>
    public string? Ticket { get; init; }
}
public sealed record PresenceDto(string Presence);

public sealed record QueueStatsItem(string Id, string Name, string State, bool Open, int Waiting, int LongestWaitSeconds,
    int Available, int Busy, int Away, int BreachesToday, int EstimatedWaitSeconds);
public sealed record QueueStatsDto(IReadOnlyList<QueueStatsItem> Queues);

/// <summary>Wire spellings of domain enums.</summary>
public static class Wire
{
    public static string State(SessionState s) => s.ToString().ToLowerInvariant();
    public static string Channel(Channel c) => c == Domain.Sessions.Channel.Call ? "call" : "chat";
    public static string Kind(RequestKind k) => k.ToString().ToLowerInvariant();
}
