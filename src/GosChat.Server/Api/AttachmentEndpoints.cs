using GosChat.Domain;
using GosChat.Domain.Attachments;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Limits;
using GosChat.Server.Auth;
using GosChat.Server.Limits;
using Microsoft.Extensions.Options;
using GosChat.Server.Composition;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace GosChat.Server.Api;

/// <summary>
/// POST /api/sessions/{sessionId}/attachments (multipart field "file"), POST /api/attachments/{id}/link and
/// GET /api/attachments/{id}. The citizen proves the session with its resume token (header X-Resume-Token, never in a
/// URL); an operator with their sign-in (bearer token or cookie). A browser downloads through a short-lived signed
/// link (<see cref="AttachmentLinks"/>) that carries neither.
/// </summary>
public static class AttachmentEndpoints
{
    public const string ResumeTokenHeader = "X-Resume-Token";

    /// <summary>Room for the multipart framing around a file of the largest allowed size.</summary>
    private const long RequestLimit = AttachmentRules.MaxBytes + 64 * 1024;

    public static void MapAttachments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions/{sessionId}/attachments", async (string sessionId, HttpContext http, AttachmentService attachments,
                AbuseLimits limits, IOptions<LimitOptions> limitOptions) =>
            {
                var actor = Actor(http);
                if (actor is null) return Unauthorized();
                if (actor is AttachmentActor.Citizen)
                    await limits.TakeAsync("upload:addr:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        limitOptions.Value.UploadsPerAddress.Rule, "uploads from this address");
                var (fileName, content) = await ReadUploadAsync(http);
                var message = await attachments.AttachAsync(sessionId, actor, fileName, content);
                var a = message.Attachment!;
                return Results.Created(a.Url, new AttachmentDto(a.AttachmentId, a.Name, a.Size, a.ContentType, a.Url));
            })
            .RequireCors(GosChatSetup.WidgetCors)
            .WithName("AttachFile");

        app.MapPost("/api/attachments/{id}/link", async (string id, HttpContext http, AttachmentService attachments, AttachmentLinks links) =>
            {
                var actor = Actor(http);
                if (actor is null) return Unauthorized();
                var link = await attachments.LinkAsync(id, actor, links);
                return Results.Ok(new AttachmentLinkDto(link.Url, link.ExpiresAt));
            })
            .RequireCors(GosChatSetup.WidgetCors)
            .WithName("AttachmentLink");

        app.MapGet("/api/attachments/{id}", async (string id, HttpContext http, AttachmentService attachments, AttachmentLinks links) =>
            {
                StoredAttachment file;
                if (http.Request.Query.ContainsKey(AttachmentLinks.SignatureParameter))
                {
                    var link = links.Verify(id, http.Request.Query[AttachmentLinks.ExpiresParameter].ToString(),
                        http.Request.Query[AttachmentLinks.SignatureParameter].ToString());
                    file = await attachments.DownloadAsync(link);
                }
                else
                {
                    var actor = Actor(http);
                    if (actor is null) return Unauthorized();
                    file = await attachments.DownloadAsync(id, actor);
                }
                return FileResult(http, file.Name, file.ContentType, file.Content);
            })
            .RequireCors(GosChatSetup.WidgetCors)
            .WithName("DownloadAttachment");
    }

    /// <summary>
    /// The file of a multipart upload (field <c>file</c>), within the size limit; refusals are problem details
    /// (<c>not_multipart</c>, <c>no_file</c>, <c>bad_multipart</c>, <c>file_too_large</c>). Shared with request files.
    /// </summary>
    internal static async Task<(string FileName, byte[] Content)> ReadUploadAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = RequestLimit;
        if (http.Request.ContentLength > RequestLimit) throw TooLarge();
        if (!http.Request.HasFormContentType)
            throw DomainException.BadRequest(ErrorCodes.NotMultipart, "Send the file as multipart/form-data in the field \"file\".");
        var form = await ReadFormAsync(http);
        var file = form.Files.GetFile("file") ?? throw DomainException.BadRequest(ErrorCodes.NoFile, "The multipart field \"file\" is missing.");
        if (file.Length > AttachmentRules.MaxBytes) throw TooLarge();
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(content, http.RequestAborted);
        return (file.FileName, content);
    }

    /// <summary>A download: the bytes with their checked type, always as a file to save, never shown inline or cached.</summary>
    internal static IResult FileResult(HttpContext http, string name, string contentType, byte[] content)
    {
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        // The name goes into the header here, not through Results.File's download name, which the framework logs.
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        http.Response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return Results.Bytes(content, contentType);
    }

    /// <summary>The multipart form; a malformed body is the client's error (400), never a server failure to log.</summary>
    private static async Task<IFormCollection> ReadFormAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            throw DomainException.BadRequest(ErrorCodes.BadMultipart, "The multipart body is malformed.");
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            throw DomainException.BadRequest(ErrorCodes.BadMultipart, "The multipart body ended early or is malformed.");
        }
    }

    /// <summary>The resume token comes only as a header: never from the query string, where logs and histories keep it.</summary>
    private static AttachmentActor? Actor(HttpContext http)
    {
        var token = http.Request.Headers[ResumeTokenHeader].ToString();
        if (!string.IsNullOrEmpty(token)) return new AttachmentActor.Citizen(token);
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Supervisor)))
            return new AttachmentActor.Operator(user.OperatorId(), user.IsInRole(Roles.Supervisor));
        return null;
    }

    private static IResult Unauthorized() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
        detail: "Send the session's resume token (X-Resume-Token) or sign in as the session's operator.");

    private static DomainException TooLarge() => DomainException.TooLarge(ErrorCodes.FileTooLarge, "The file is larger than 5 MB.");
}
