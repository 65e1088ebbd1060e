using GosChat.Domain;
namespace GosChat.Server.Hubs;

/// <summary>
/// Browsers send <c>Origin</c> on every WebSocket handshake and negotiate request, and CORS does not guard a
/// WebSocket. So the hubs check it themselves: the citizen hub accepts the configured widget sites
/// (<c>GosChat:AllowedOrigins</c>) and the server's own pages; the operator hub only the server's own pages.
/// A request without <c>Origin</c> is not from a browser page (telephony, tools, tests) and passes; <c>null</c>
/// and any other origin get 403 before the hub sees them.
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, IReadOnlyCollection<string> allowedOrigins)
    {
        var allowed = new HashSet<string>(allowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        // Passes the request on without awaiting it: a hub connection's request lasts as long as the connection.
        return app.Use((http, next) =>
        {
            var path = http.Request.Path;
            var citizenHub = path.StartsWithSegments(ChatHub.Path);
            if ((citizenHub || path.StartsWithSegments(OperatorHub.Path))
                && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !IsOwnOrigin(http, origin) && !(citizenHub && allowed.Contains(origin)))
            {
                HubOriginLog.Refused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Hubs"), path.Value ?? "");
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: "This page's origin may not open this hub.", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.OriginNotAllowed })
                    .ExecuteAsync(http);
            }
            return next(http);
        });
    }

    /// <summary>
    /// The page came from this server: its host and port equal the request's Host (the scheme is not compared, so a
    /// TLS-terminating proxy that forwards the Host header still matches).
    /// </summary>
    private static bool IsOwnOrigin(HttpContext http, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
}

internal static partial class HubOriginLog
{
    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "A hub request from a foreign origin was refused ({Path})")]
    public static partial void Refused(ILogger logger, string path);
}
