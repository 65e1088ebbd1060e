namespace GosChat.Domain;

/// <summary>The kinds of refusal the domain gives; transports map them to hub errors or HTTP status codes.</summary>
public enum DomainErrorKind
{
    BadRequest,
    NotFound,
    Conflict,
    Forbidden,
    Unavailable,
    /// <summary>The request body is larger than allowed (HTTP 413).</summary>
    TooLarge,
    /// <summary>The content is of a type that is not accepted (HTTP 415).</summary>
    UnsupportedMediaType,
    /// <summary>Over a rate or volume limit (HTTP 429); try again later.</summary>
    TooManyRequests,
}

/// <summary>A request the domain refuses. Nothing has been changed when it is thrown.</summary>
public sealed class DomainException : Exception
{
    public DomainErrorKind Kind { get; }
    public string Code { get; }

    public DomainException(DomainErrorKind kind, string code, string message) : base(message)
    {
        Kind = kind;
        Code = code;
    }

    public static DomainException BadRequest(string code, string message) => new(DomainErrorKind.BadRequest, code, message);
    public static DomainException NotFound(string code, string message) => new(DomainErrorKind.NotFound, code, message);
    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);
    public static DomainException Forbidden(string code, string message) => new(DomainErrorKind.Forbidden, code, message);
    public static DomainException TooLarge(string code, string message) => new(DomainErrorKind.TooLarge, code, message);
    public static DomainException UnsupportedMediaType(string code, string message) => new(DomainErrorKind.UnsupportedMediaType, code, message);
    public static DomainException TooMany(string code, string message) => new(DomainErrorKind.TooManyRequests, code, message);
}
