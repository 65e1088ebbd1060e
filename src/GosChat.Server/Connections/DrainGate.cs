using GosChat.Domain;
using GosChat.Server.Hubs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GosChat.Server.Connections;

/// <summary>While the node stops, hub connection requests (negotiate and WebSocket) get 503 with the code <c>server_stopping</c>.</summary>
public static class DrainGate
{
    public static IApplicationBuilder UseDrainGate(this IApplicationBuilder app)
    {
        var drain = app.ApplicationServices.GetRequiredService<ConnectionDrain>();
        // Passes the request on without awaiting it: a hub connection's request lasts as long as the connection.
        return app.Use((http, next) =>
        {
            var path = http.Request.Path;
            if (drain.Draining && (path.StartsWithSegments(ChatHub.Path) || path.StartsWithSegments(OperatorHub.Path)))
            {
                http.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Server stopping",
                    detail: "This server is stopping; connect to another one.", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ServerStopping })
                    .ExecuteAsync(http);
            }
            return next(http);
        });
    }
}

/// <summary>/healthz: unhealthy from the moment the node starts stopping, so the load balancer sends no one new.</summary>
public sealed class DrainHealthCheck(ConnectionDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.Draining ? HealthCheckResult.Unhealthy("stopping") : HealthCheckResult.Healthy());
}
