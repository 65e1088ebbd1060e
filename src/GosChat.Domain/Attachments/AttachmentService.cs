using System.Security.Cryptography;
using GosChat.Domain.Engine;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Attachments;

/// <summary>Who is asking for a session's attachment: its citizen (by resume token) or an operator.</summary>
public abstract record AttachmentActor
{
    public sealed record Citizen(string ResumeToken) : AttachmentActor;
    public sealed record Operator(string OperatorId, bool IsSupervisor) : AttachmentActor;
    /// <summary>The citizen's hub connection, bound to its session by StartSession or ResumeSession.</summary>
    public sealed record Connection(string SessionId) : AttachmentActor;
}

/// <summary>
/// Attaching files to a session: checks the file, stores it, and posts a message that carries it to both sides.
/// Downloads are allowed to the session's citizen, its operator and supervisors.
/// </summary>
public sealed class AttachmentService(
    IRoutingStore store,
    IMessageStore messages,
    IAttachmentStore attachments,
    IContactCentreEvents events,
    IClock clock,
    Limits.AbuseLimits? limits = null,
    AttachmentQuota? quota = null,
    Duration? resumeAfterClose = null)
{
    private readonly Duration _resumeAfterClose = resumeAfterClose ?? Duration.FromHours(24);
    private readonly AttachmentQuota _quota = quota ?? AttachmentQuota.Unlimited;

    /// <summary>The download address of an attachment, relative to the server.</summary>
    public static string UrlOf(string attachmentId) => "/api/attachments/" + attachmentId;

    /// <summary>Attachment ids carry their session id, so a download finds the session's data without a lookup.</summary>
    public static string NewId(string sessionId) =>
        sessionId + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string? SessionOf(string? attachmentId)
    {
        if (string.IsNullOrEmpty(attachmentId) || attachmentId.Length > 200) return null;
        var dot = attachmentId.IndexOf('.');
        return dot > 0 && dot < attachmentId.Length - 1 ? attachmentId[..dot] : null;
    }

    public async Task<ChatMessage> AttachAsync(string sessionId, AttachmentActor actor, string? fileName, byte[] content)
    {
        var session = await AuthorizeAsync(sessionId, actor, forUpload: true);
        if (session.State == SessionState.Closed)
            throw DomainException.Conflict(ErrorCodes.SessionClosed, "The session is closed; files can no longer be attached.");
        var name = AttachmentRules.CleanName(fileName);
        var contentType = AttachmentRules.Validate(name, content);
        if (actor is AttachmentActor.Citizen) await CountAsync(session, content.LongLength);
        var now = clock.GetCurrentInstant();
        var from = actor is AttachmentActor.Operator ? Senders.Operator : Senders.Citizen;
        var id = NewId(session.Id);
        await attachments.SaveAsync(new StoredAttachment(id, session.Id, name, contentType, now, from, content));
        var (message, _) = await messages.AppendAsync(new ChatMessage
        {
            MessageId = Dispatcher.NewId(),
            SessionId = session.Id,
            From = from,
            // The attachment carries the name and the link; the text stays empty so clients show it once.
            Text = "",
            SentAt = now,
            AuthorId = actor is AttachmentActor.Operator op ? op.OperatorId : null,
            Attachment = new Attachment(id, name, content.LongLength, contentType, UrlOf(id)),
        });
        await events.MessageAsync(session, message);
        return message;
    }

    public async Task<StoredAttachment> DownloadAsync(string? attachmentId, AttachmentActor actor)
    {
        var sessionId = SessionOf(attachmentId) ?? throw NotFound();
        await AuthorizeAsync(sessionId, actor, forUpload: false);
        return await attachments.GetAsync(sessionId, attachmentId!) ?? throw NotFound();
    }

    /// <summary>A short-lived signed download link, for whoever may download the attachment.</summary>
    public async Task<SignedLink> LinkAsync(string? attachmentId, AttachmentActor actor, AttachmentLinks links)
    {
        var sessionId = SessionOf(attachmentId) ?? throw NotFound();
        await AuthorizeAsync(sessionId, actor, forUpload: false);
        return links.Sign(attachmentId!);
    }

    /// <summary>The attachment a checked signed link names.</summary>
    public async Task<StoredAttachment> DownloadAsync(VerifiedLink link)
    {
        var sessionId = SessionOf(link.AttachmentId) ?? throw NotFound();
        return await attachments.GetAsync(sessionId, link.AttachmentId) ?? throw NotFound();
    }

    private async Task<Session> AuthorizeAsync(string sessionId, AttachmentActor actor, bool forUpload)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 100) throw SessionNotFound();
        switch (actor)
        {
            case AttachmentActor.Citizen citizen:
            {
                if (string.IsNullOrWhiteSpace(citizen.ResumeToken) || citizen.ResumeToken.Length > 200)
                    throw DomainException.Forbidden(ErrorCodes.BadResumeToken, "The resume token of this session is required.");
                var owner = await store.FindSessionByResumeTokenAsync(ResumeTokens.Hash(citizen.ResumeToken));
                if (owner != sessionId)
                    throw DomainException.Forbidden(ErrorCodes.NotYourSession, "The resume token does not belong to this session.");
                var own = await store.GetSessionAsync(sessionId) ?? throw SessionNotFound();
                // The citizen's token opens a closed session's files only as long as it opens the session.
                if (own.ClosedAt is { } closedAt && clock.GetCurrentInstant() >= closedAt + _resumeAfterClose)
                    throw DomainException.Forbidden(ErrorCodes.NotYourSession, "The resume token does not belong to this session.");
                return own;
            }
            case AttachmentActor.Connection connection:
            {
                if (connection.SessionId != sessionId)
                    throw DomainException.Forbidden(ErrorCodes.NotYourSession, "This attachment belongs to another session.");
                var own = await store.GetSessionAsync(sessionId) ?? throw SessionNotFound();
                if (own.ClosedAt is { } closedAt && clock.GetCurrentInstant() >= closedAt + _resumeAfterClose)
                    throw DomainException.Forbidden(ErrorCodes.NotYourSession, "This session's files are no longer available.");
                return own;
            }
            case AttachmentActor.Operator op:
            {
                var session = await store.GetSessionAsync(sessionId) ?? throw SessionNotFound();
                var handles = session.OperatorId == op.OperatorId && (!forUpload || session.State == SessionState.Active);
                if (!handles && !(op.IsSupervisor && !forUpload))
                    throw DomainException.Forbidden(ErrorCodes.NotYourSession, "This session is not assigned to you.");
                return session;
            }
            default:
                throw DomainException.Forbidden(ErrorCodes.Forbidden, "Not allowed.");
        }
    }

    /// <summary>Counts a citizen's file against the quota (cheapest refusals first); refuses past it.</summary>
    private async Task CountAsync(Session session, long size)
    {
        if (limits is null) return;
        var month = Duration.FromDays(30);
        if (session.AssignedAt is null && session.OperatorId is null)
        {
            if (_quota.FilesBeforeOperator <= 0)
                throw DomainException.Conflict(ErrorCodes.OperatorNotJoined, "Files can be attached once an operator has joined the conversation.");
            await limits.TakeAsync("att:pre:" + session.Id, new Limits.LimitRule(_quota.FilesBeforeOperator, month), "files before an operator has joined");
        }
        await limits.TakeAsync("att:files:" + session.Id, new Limits.LimitRule(_quota.FilesPerSession, month), "files in this conversation");
        await limits.TakeAsync("att:bytes:" + session.Id, new Limits.LimitRule(_quota.BytesPerSession, month), "file bytes in this conversation", size);
        await limits.TakeAsync("att:bytes:day", new Limits.LimitRule(_quota.BytesPerDay, Duration.FromDays(1)), "files today; the service is busy", size);
    }

    private static DomainException NotFound() => DomainException.NotFound(ErrorCodes.AttachmentNotFound, "No such attachment.");
    private static DomainException SessionNotFound() => DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");
}
