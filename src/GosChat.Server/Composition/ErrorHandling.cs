using GosChat.Domain;
using Microsoft.AspNetCore.Diagnostics;

namespace GosChat.Server.Composition;

/// <summary>Every HTTP error is RFC 7807 problem details; domain refusals keep their code and message.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, code) = exception switch
        {
            DomainException d => (StatusOf(d.Kind), d.Kind.ToString(), d.Message, d.Code),
            _ when StoreOutage.Is(exception) => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", StoreOutage.Message, StoreOutage.Code),
            BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, ErrorCodes.BadRequest),
            _ => (0, "", "", ""),
        };
        if (status == 0) return false;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }

    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        DomainErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        DomainErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        DomainErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };
}

/// <summary>
/// The store (Redis) cannot be reached: a passing condition that clients should retry (with the same client message
/// id), named as such instead of a generic internal error: HTTP 503 and the hub error <c>store_unavailable</c>.
/// </summary>
public static class StoreOutage
{
    public const string Code = ErrorCodes.StoreUnavailable;
    public const string Message = "The service's storage is unreachable for a moment; please retry.";

    public static bool Is(Exception exception) => exception switch
    {
        StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException => true,
        AggregateException { InnerExceptions: [var inner] } => Is(inner),
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
