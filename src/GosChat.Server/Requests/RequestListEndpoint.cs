using GosChat.Domain.Requests;
using GosChat.Server.Auth;
using GosChat.Server.Hubs;
using NodaTime;

namespace GosChat.Server.Requests;

/// <summary>A row of the supervisors' requests list: no contact details, no texts (the card has them, by ticket).</summary>
public sealed record RequestListRowDto(
    string Ticket, string Kind, string Queue, string Status, string DeadlineClass, Instant OpenedAt, Instant DueAt,
    string AssigneeId, bool Overdue, Instant? BreachedAt);

/// <summary><c>GET /api/requests</c> (supervisors): the rows, how many matched, counts per status and overdue.</summary>
public sealed record RequestListDto(IReadOnlyList<RequestListRowDto> Requests, int Matching, IReadOnlyDictionary<string, int> Counts, int Overdue)
{
    public static RequestListDto From(RequestListResult r) => new(
        r.Items.Select(i => new RequestListRowDto(i.Request.Ticket, Wire.Kind(i.Request.Kind), i.Request.Queue, RequestStatuses.Wire(i.Request.Status),
            i.Request.DeadlineClass, i.Request.OpenedAt, i.Request.DueAt, i.Request.AssigneeId, i.Overdue, i.Request.BreachedAt)).ToList(),
        r.Matching,
        r.Counts.ToDictionary(c => RequestStatuses.Wire(c.Key), c => c.Value),
        r.OverdueCount);
}

/// <summary><c>GET /api/requests?status=&amp;queue=&amp;overdue=true&amp;limit=500</c>: the supervisors' requests list (docs/requests.md).</summary>
public static class RequestListEndpoint
{
    public static IEndpointRouteBuilder MapRequestList(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/requests", async (string? status, string? queue, bool? overdue, int? limit, RequestList list) =>
                RequestListDto.From(await list.ListAsync(status, queue, overdue == true, limit)))
            .RequireAuthorization(AuthSetup.SupervisorPolicy)
            .WithTags("Requests")
            .WithName("ListRequests")
            .WithSummary("Supervisors: requests filtered by status, queue and overdue, with counts per status")
            .WithDescription("Rows due soonest first, a page of limit rows (default 500, 1–500; matching says how many passed the filters). " +
                             "counts (per status) and overdue are over the queue's requests whatever the status and overdue filters. " +
                             "400 bad_request_status / unknown_queue / bad_limit; 401/403.")
            .Produces<RequestListDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
