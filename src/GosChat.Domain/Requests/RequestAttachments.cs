using GosChat.Domain.Attachments;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>Who is attaching or downloading a request's file: the citizen (by the request's access code) or an operator.</summary>
public abstract record RequestActor
{
    public sealed record Citizen(string? AccessCode) : RequestActor;
    public sealed record Operator(string OperatorId) : RequestActor;
}

/// <summary>
/// Files on request cards. The citizen attaches and downloads with the ticket and access code (a wrong code is the same
/// <c>request_not_found</c> as an unknown ticket); any operator with the card (operators continue each other's requests).
/// The file rules are the chat's (<see cref="AttachmentRules"/>: PDF, JPG, PNG up to 5 MB, type from the bytes); a citizen
/// may attach <see cref="CitizenFilesPerRequest"/> files and <see cref="CitizenBytesPerRequest"/> bytes to one request, and
/// counts against the service's daily total of citizens' file bytes (shared with chat files).
/// Files can be attached until the request is resolved or declined, and are kept as long as the card.
/// </summary>
public sealed class RequestAttachments(
    RequestService requests, IRequestFileStore files, IClock clock, Limits.AbuseLimits? limits = null, long bytesPerDay = long.MaxValue)
{
    public const int CitizenFilesPerRequest = 10;
    public const long CitizenBytesPerRequest = 25L * 1024 * 1024;

    public async Task<RequestAttachment> AttachAsync(string? ticket, RequestActor actor, string? fileName, byte[] content)
    {
        var request = await AuthorizeAsync(ticket, actor);
        if (request.IsFinal)
            throw DomainException.Conflict(ErrorCodes.RequestClosed, $"Request {request.Ticket} is {RequestStatuses.Wire(request.Status)}: it takes no more files.");
        var name = AttachmentRules.CleanName(fileName);
        var contentType = AttachmentRules.Validate(name, content);
        var by = actor is RequestActor.Operator op ? op.OperatorId : ServiceRequest.CitizenAuthor;
        if (actor is RequestActor.Citizen)
        {
            var own = request.Attachments.Where(a => a.By == ServiceRequest.CitizenAuthor).ToList();
            if (own.Count >= CitizenFilesPerRequest || own.Sum(a => a.Size) + content.LongLength > CitizenBytesPerRequest)
                throw DomainException.Conflict(ErrorCodes.TooManyFiles,
                    $"A request takes up to {CitizenFilesPerRequest} files and 25 MB from the citizen.");
            // The service's daily total of citizens' file bytes is shared with chat files.
            if (limits is not null)
                await limits.TakeAsync("att:bytes:day", new Limits.LimitRule(bytesPerDay, Duration.FromDays(1)), "files today; the service is busy", content.LongLength);
        }
        var attachment = new RequestAttachment(AttachmentService.NewId(request.Ticket), name, content.LongLength, contentType, by, clock.GetCurrentInstant());
        // The bytes first, then the card: a card never lists a file it does not have; a card that refuses takes the bytes away again.
        await files.SaveAsync(request.Ticket, new StoredAttachment(attachment.Id, request.Ticket, name, contentType, attachment.At, by, content));
        try
        {
            await requests.ListFileAsync(request.Ticket, attachment);
        }
        catch
        {
            await files.DeleteAsync(request.Ticket, attachment.Id);
            throw;
        }
        return attachment;
    }

    /// <summary>A file the card lists, with its bytes; <c>attachment_not_found</c> for any other id.</summary>
    public async Task<(RequestAttachment Attachment, StoredAttachment File)> DownloadAsync(string? ticket, string? attachmentId, RequestActor actor)
    {
        var request = await AuthorizeAsync(ticket, actor);
        var listed = request.Attachments.FirstOrDefault(a => a.Id == attachmentId) ?? throw NotFound();
        var file = await files.GetAsync(request.Ticket, listed.Id) ?? throw NotFound();
        return (listed, file);
    }

    private async Task<ServiceRequest> AuthorizeAsync(string? ticket, RequestActor actor) => actor switch
    {
        RequestActor.Citizen citizen => await requests.LookupAsync(ticket, citizen.AccessCode)
            ?? throw DomainException.NotFound(ErrorCodes.RequestNotFound, "No request with this ticket and access code is known."),
        RequestActor.Operator => await requests.GetAsync(ticket),
        _ => throw DomainException.Forbidden(ErrorCodes.Forbidden, "Not allowed."),
    };

    private static DomainException NotFound() => DomainException.NotFound(ErrorCodes.AttachmentNotFound, "No such attachment.");
}
