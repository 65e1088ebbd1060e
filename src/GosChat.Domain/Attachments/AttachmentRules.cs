namespace GosChat.Domain.Attachments;

/// <summary>
/// What may be attached: PDF, JPEG and PNG up to 5 MB. The type is read from the file's first bytes (its
/// signature); the name's extension must agree with it, so a renamed executable is refused.
/// </summary>
public static class AttachmentRules
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxNameLength = 200;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    /// <summary>The content type the bytes are, or null when they are none of PDF, PNG, JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(Pdf) ? "application/pdf"
        : head.StartsWith(Png) ? "image/png"
        : head.StartsWith(Jpeg) ? "image/jpeg"
        : null;

    /// <summary>The content type a file name's extension stands for, or null.</summary>
    public static string? ByExtension(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => null,
    };

    /// <summary>Checks size and type and returns the content type; throws a refusal otherwise.</summary>
    public static string Validate(string name, ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
            throw DomainException.BadRequest(ErrorCodes.EmptyFile, "The file is empty.");
        if (content.Length > MaxBytes)
            throw DomainException.TooLarge(ErrorCodes.FileTooLarge, "The file is larger than 5 MB.");
        var sniffed = Sniff(content);
        var declared = ByExtension(name);
        if (sniffed is null || declared is null)
            throw DomainException.UnsupportedMediaType(ErrorCodes.UnsupportedFileType, "Only PDF, JPG and PNG files can be attached.");
        if (sniffed != declared)
            throw DomainException.UnsupportedMediaType(ErrorCodes.FileTypeMismatch, "The file's contents do not match its extension.");
        return sniffed;
    }

    /// <summary>A file name safe to store and show: no path, no control or bidi characters, bounded length.</summary>
    public static string CleanName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = Messages.DisplayText.WithoutControls(bare).Replace("\"", "").Trim();
        if (cleaned.Length == 0) cleaned = "file";
        if (cleaned.Length > MaxNameLength)
        {
            var ext = Path.GetExtension(cleaned);
            cleaned = cleaned[..(MaxNameLength - ext.Length)] + ext;
        }
        return cleaned;
    }
}
