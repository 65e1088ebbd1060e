using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>A file a citizen or an operator attached to a session: what it is, and its bytes.</summary>
public sealed record StoredAttachment(
    string AttachmentId, string SessionId, string Name, string ContentType, Instant UploadedAt, string UploadedBy, byte[] Content)
{
    public long Size => Content.LongLength;
}

/// <summary>
/// The files attached to sessions. Kept with the session's other bulky data (on Redis, under the session's own
/// hash tag), looked up by session and attachment id.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the attachment; storing the same id again replaces it.</summary>
    Task SaveAsync(StoredAttachment attachment);

    /// <summary>The attachment, or null when the session has no attachment with this id.</summary>
    Task<StoredAttachment?> GetAsync(string sessionId, string attachmentId);
}
