namespace GosChat.Domain.Attachments;

/// <summary>
/// How much a citizen may attach: files and bytes per session, files before an operator has joined, and the bytes
/// the whole service accepts in a day. Operators' files are not counted.
/// </summary>
public sealed record AttachmentQuota(int FilesPerSession, long BytesPerSession, int FilesBeforeOperator, long BytesPerDay)
{
    public static AttachmentQuota Unlimited { get; } = new(int.MaxValue, long.MaxValue, int.MaxValue, long.MaxValue);
}
