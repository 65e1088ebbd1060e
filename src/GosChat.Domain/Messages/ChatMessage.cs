using GosChat.Domain.Privacy;
using NodaTime;

namespace GosChat.Domain.Messages;

/// <summary>Who wrote a message (CONTRACT.md: "citizen" | "operator" | "system").</summary>
public static class Senders
{
    public const string Citizen = "citizen";
    public const string Operator = "operator";
    public const string System = "system";
}

/// <summary>A file attached to a message.</summary>
public sealed record Attachment(string AttachmentId, [property: PersonalData] string Name, long Size, string ContentType, string Url);

/// <summary>One message of a session, in order: <see cref="Seq"/> counts from 1 within the session.</summary>
public sealed record ChatMessage
{
    public required string MessageId { get; init; }
    public required string SessionId { get; init; }
    public long Seq { get; init; }
    public required string From { get; init; }
    [PersonalData] public required string Text { get; init; }
    public Instant SentAt { get; init; }
    public string? ClientMessageId { get; init; }
    public string? AuthorId { get; init; }
    public Attachment? Attachment { get; init; }
}

/// <summary>Limits on what a message may hold.</summary>
public static class MessageRules
{
    public const int MaxTextLength = 4000;
    public const int MaxClientMessageIdLength = 100;

    /// <summary>Checks text and returns it trimmed; throws a clear refusal otherwise.</summary>
    public static string ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw DomainException.BadRequest(ErrorCodes.EmptyText, "The message text is empty.");
        var trimmed = text.Trim();
        if (trimmed.Length > MaxTextLength)
            throw DomainException.BadRequest(ErrorCodes.TextTooLong, $"The message is longer than {MaxTextLength} characters.");
        return trimmed;
    }

    public static string ValidateClientMessageId(string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId))
            throw DomainException.BadRequest(ErrorCodes.MissingClientMessageId, "clientMessageId is required.");
        if (clientMessageId.Length > MaxClientMessageIdLength)
            throw DomainException.BadRequest(ErrorCodes.BadClientMessageId, $"clientMessageId is longer than {MaxClientMessageIdLength} characters.");
        return clientMessageId;
    }
}
