namespace GosChat.Domain.Sessions;

/// <summary>
/// The kind of a request as callers and clients give it: the wire name (<c>application</c>, <c>complaint</c>,
/// <c>question</c>) or the voice menu's key, which is also the ticket's first digit (<c>1</c>, <c>2</c>, <c>3</c>).
/// </summary>
public static class RequestKinds
{
    /// <summary>The kind named by <paramref name="value"/>; null when blank; <c>unknown_kind</c> otherwise.</summary>
    public static RequestKind? Parse(string? value) => value?.Trim() switch
    {
        null or "" => null,
        "1" or "application" => RequestKind.Application,
        "2" or "complaint" => RequestKind.Complaint,
        "3" or "question" => RequestKind.Question,
        _ => throw DomainException.BadRequest(ErrorCodes.UnknownKind,
            "Unknown kind. Valid: application (1), complaint (2), question (3)."),
    };

    public static string Wire(RequestKind kind) => kind switch
    {
        RequestKind.Application => "application",
        RequestKind.Complaint => "complaint",
        _ => "question",
    };

    /// <summary>The kind a valid ticket's first digit says.</summary>
    public static RequestKind OfTicket(string ticket) => (RequestKind)(ticket[0] - '0');
}
