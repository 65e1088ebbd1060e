using GosChat.Domain.Limits;
using GosChat.Domain.Operators;
using GosChat.Domain.Requests;
using GosChat.Server.Api;
using GosChat.Server.Auth;
using GosChat.Server.Composition;
using GosChat.Server.Limits;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Requests;

/// <summary>
/// Files on request cards: <c>POST /api/requests/{ticket}/attachments</c> (multipart field <c>file</c>) and
/// <c>GET /api/requests/{ticket}/attachments/{id}</c>. The citizen proves the request with its access code (header
/// <c>X-Access-Code</c>, never in a URL); without a code, a signed-in operator (bearer token or the console's cookie).
/// Neither is the lookup's 404. Every call counts against the lookups' per-address limit; a citizen's upload also against
/// the per-address upload limit of chat files.
/// </summary>
public static class RequestFileEndpoints
{
    public static RouteGroupBuilder MapRequestFiles(this RouteGroupBuilder group)
    {
        group.MapPost("/{ticket}/attachments", async (string ticket, HttpContext http, RequestAttachments files,
                AbuseLimits limits, IOptions<LimitOptions> limitOptions) =>
            {
                var actor = Actor(http);
                if (actor is RequestActor.Citizen)
                    await limits.TakeAsync("upload:addr:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        limitOptions.Value.UploadsPerAddress.Rule, "uploads from this address");
                var (fileName, content) = await AttachmentEndpoints.ReadUploadAsync(http);
                var attachment = await files.AttachAsync(ticket, actor, fileName, content);
                return Results.Created($"/api/requests/{ticket}/attachments/{attachment.Id}", RequestAttachmentDto.Of(attachment));
            })
            .RequireRateLimiting(RequestEndpoints.RateLimitPolicy)
            .WithName("AttachFileToRequest")
            .WithSummary("Attach a PDF, JPG or PNG (up to 5 MB) to a request: the citizen with X-Access-Code, or a signed-in operator")
            .WithDescription("Multipart field file. 201 { id, name, size, type, from, at }. 404 request_not_found for a wrong or missing code " +
                             "(as the lookup); 400 no_file / empty_file / not_multipart; 409 request_closed (resolved or declined), " +
                             "too_many_files (10 files, 25 MB from the citizen per request); 413 file_too_large; 415 unsupported_file_type / " +
                             "file_type_mismatch; 429 rate_limited.")
            .Produces<RequestAttachmentDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{ticket}/attachments/{id}", async (string ticket, string id, HttpContext http, RequestAttachments files) =>
            {
                var (attachment, file) = await files.DownloadAsync(ticket, id, Actor(http));
                return AttachmentEndpoints.FileResult(http, attachment.Name, attachment.ContentType, file.Content);
            })
            .RequireRateLimiting(RequestEndpoints.RateLimitPolicy)
            .WithName("DownloadRequestFile")
            .WithSummary("A file of a request: the citizen with X-Access-Code, or a signed-in operator")
            .WithDescription("The bytes as a download (Content-Disposition: attachment, nosniff, sandboxed, no-store). 404 request_not_found " +
                             "for a wrong or missing code; 404 attachment_not_found for an id the card does not list.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>The code comes only as a header. Without one a signed-in operator; without either, a citizen with no code (404).</summary>
    private static RequestActor Actor(HttpContext http)
    {
        var code = http.Request.Headers[RequestEndpoints.AccessCodeHeader].ToString();
        if (!string.IsNullOrEmpty(code)) return new RequestActor.Citizen(code);
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Supervisor)))
            return new RequestActor.Operator(user.OperatorId());
        return new RequestActor.Citizen(null);
    }
}
