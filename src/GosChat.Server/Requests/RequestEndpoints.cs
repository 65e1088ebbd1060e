using GosChat.Domain;
using GosChat.Domain.Requests;
using GosChat.Server.Composition;

namespace GosChat.Server.Requests;

/// <summary>
/// <c>GET /api/requests/{ticket}</c>: a citizen reads their request with the access code given with the ticket (header
/// <c>X-Access-Code</c>). A wrong or missing code answers exactly as an unknown ticket (404), so the answer tells nothing
/// about which tickets exist; every lookup counts against the client address's limit.
/// </summary>
public static class RequestEndpoints
{
    public const string AccessCodeHeader = "X-Access-Code";
    public const string RateLimitPolicy = "requests";
    public const string FilingRateLimitPolicy = "request-filings";

    public static RouteGroupBuilder MapRequests(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/requests").WithTags("Requests").RequireCors(GosChatSetup.WidgetCors);
        group.MapPost("/", async (WrittenRequestDto? body, WrittenRequests written) =>
            {
                var (request, code) = await written.FileAsync(new WrittenRequestInput(
                    body?.Topic, body?.Kind, body?.Text, body?.Language, body?.Name, body?.Phone, body?.Email));
                return Results.Created($"/api/requests/{request.Ticket}",
                    new OpenedRequestDto(request.Ticket, code, RequestStatuses.Wire(request.Status), request.DueAt));
            })
            .RequireRateLimiting(FilingRateLimitPolicy)
            .WithName("FileWrittenRequest")
            .WithSummary("A citizen files a written request from the widget's form, without a chat")
            .WithDescription("Body { topic?, kind?, text, language?, name?, phone?, email? }; a phone or an e-mail is required. " +
                             "201 { ticket, accessCode, status, dueAt }: deadline class form (48 working hours). 400 problem details on bad input " +
                             "(nothing filed); 429 past GosChat:Requests:FilingsPerMinute from one address.")
            .Produces<OpenedRequestDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{ticket}", async (HttpContext http, string ticket, RequestService requests) =>
                await requests.LookupAsync(ticket, http.Request.Headers[AccessCodeHeader].ToString()) is { } request
                    ? Results.Ok(RequestLookupDto.From(request))
                    : throw DomainException.NotFound(ErrorCodes.RequestNotFound, "No request with this ticket and access code is known."))
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("LookupRequest")
            .WithSummary("A citizen's request by ticket, with its access code in the X-Access-Code header")
            .WithDescription("Answers ticket, kind, status, dueAt and the answers given. A wrong or missing code is 404 request_not_found, " +
                             "the same as an unknown ticket; 429 past GosChat:Requests:LookupsPerMinute from one address.")
            .Produces<RequestLookupDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{ticket}/replies", async (HttpContext http, string ticket, RequestReplyDto? reply, RequestService requests) =>
                RequestLookupDto.From(await requests.ReplyAsync(ticket, http.Request.Headers[AccessCodeHeader].ToString(), reply?.Text)))
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("ReplyToRequest")
            .WithSummary("The citizen's reply to a request waiting on them, with its access code in the X-Access-Code header")
            .WithDescription("Body { text }. Stores the reply and moves the request back to inProgress; answers the request as the lookup does. " +
                             "404 request_not_found as the lookup; 409 request_not_waiting unless the request is waitingForCitizen; " +
                             "400 empty_text / text_too_long; 429 past GosChat:Requests:LookupsPerMinute (shared with lookups).")
            .Produces<RequestLookupDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapRequestFiles();
        return group;
    }
}
