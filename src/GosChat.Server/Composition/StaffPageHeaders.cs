namespace GosChat.Server.Composition;

/// <summary>
/// The staff pages (console, supervisor view) may not be framed by any page and load nothing but this server's
/// own scripts and styles: a content security policy with <c>frame-ancestors 'none'</c>, and the older
/// <c>X-Frame-Options</c> for browsers that predate it.
/// </summary>
public static class StaffPageHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Not an async lambda: a hub connection's request lasts as long as the connection, and an awaiting middleware
    // would keep its state with every connection for that long.
    public static IApplicationBuilder UseStaffPageHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/console") || path.StartsWithSegments("/supervisor"))
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
        }
        return next(http);
    });
}
