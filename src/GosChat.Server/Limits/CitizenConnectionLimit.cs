using GosChat.Domain;
using GosChat.Domain.Ports;
using GosChat.Server.Hubs;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Limits;

/// <summary>
/// Open citizen-hub connections per client address, on a gauge every node shares. A WebSocket (or server-sent
/// events) request lasts as long as its connection, so the request is counted while it runs; the one over the
/// limit is answered 429 <c>rate_limited</c> before the upgrade, and costs the hub nothing.
/// </summary>
public static partial class CitizenConnectionLimit
{
    private static readonly TimeSpan IdleExpiry = TimeSpan.FromHours(2);

    public static IApplicationBuilder UseCitizenConnectionLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments(ChatHub.Path) || !IsLongLived(http))
        {
            await next(http);
            return;
        }
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var cutOff = http.RequestServices.GetRequiredService<CutOffAddresses>();
        if (await cutOff.BarredForAsync(address) is { } barred)
        {
            Barred(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Limits"));
            var held = await cutOff.HoldAsync(address, http.RequestAborted);
            if (http.RequestAborted.IsCancellationRequested) return;
            var seconds = Math.Max(1, (int)Math.Ceiling((barred - held).TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"A connection from this address was cut off for flooding; try again in {seconds} s.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.RateLimited, ["retryAfterSeconds"] = seconds }).ExecuteAsync(http);
            return;
        }
        var counters = http.RequestServices.GetRequiredService<ILimitCounters>();
        var limit = http.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.ConnectionsPerAddress;
        var key = "conn:addr:" + address;
        var open = await counters.AdjustAsync(key, 1, IdleExpiry);
        try
        {
            if (open > limit)
            {
                Refused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Limits"));
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "Too many open connections from this address; close some and try again.",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.RateLimited }).ExecuteAsync(http);
                return;
            }
            await next(http);
        }
        finally
        {
            await counters.AdjustAsync(key, -1, IdleExpiry);
        }
    });

    // The WebSocket feature is added inside the hub's own endpoint, after this runs: read the request itself.
    private static bool IsLongLived(HttpContext http) =>
        http.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
        || http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || (HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal));

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "A citizen connection was refused: too many open connections from its address")]
    private static partial void Refused(ILogger logger);

    // Debug: a flooder that keeps reconnecting would write a line per attempt (the cut itself is logged once).
    [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "A citizen connection was refused: its address was cut off for flooding a moment ago")]
    private static partial void Barred(ILogger logger);
}
