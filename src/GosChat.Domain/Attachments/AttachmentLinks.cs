using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace GosChat.Domain.Attachments;

/// <summary>A short-lived download address of one attachment, relative to the server.</summary>
public sealed record SignedLink(string Url, Instant ExpiresAt);

/// <summary>An attachment id whose signed link was checked: the only way to download without a token or a sign-in.</summary>
public sealed record VerifiedLink
{
    internal VerifiedLink(string attachmentId) => AttachmentId = attachmentId;
    public string AttachmentId { get; }
}

/// <summary>
/// Signed download links: <c>/api/attachments/{id}?expires={unix seconds}&amp;sig={HMAC-SHA256 of id and expiry}</c>, valid
/// for <c>lifetime</c> on the service's clock. A link carries no token of the session and no sign-in, so a copied or
/// logged link opens one file for a few minutes, then nothing.
/// </summary>
public sealed class AttachmentLinks
{
    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "sig";

    private readonly byte[] _key;
    private readonly IClock _clock;

    public AttachmentLinks(byte[] key, IClock clock, Duration lifetime)
    {
        if (key.Length < 32) throw new ArgumentException("The link key must be at least 32 bytes.", nameof(key));
        if (lifetime <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), "The link lifetime must be positive.");
        _key = (byte[])key.Clone();
        _clock = clock;
        Lifetime = lifetime;
    }

    public Duration Lifetime { get; }

    /// <summary>A link valid from now for <see cref="Lifetime"/> (whole seconds, rounded up).</summary>
    public SignedLink Sign(string attachmentId)
    {
        var expires = (_clock.GetCurrentInstant() + Lifetime).ToUnixTimeTicks();
        var seconds = (expires + NodaConstants.TicksPerSecond - 1) / NodaConstants.TicksPerSecond;
        var url = AttachmentService.UrlOf(attachmentId) + "?" + ExpiresParameter + "=" + seconds.ToString(CultureInfo.InvariantCulture)
                  + "&" + SignatureParameter + "=" + Signature(attachmentId, seconds);
        return new SignedLink(url, Instant.FromUnixTimeSeconds(seconds));
    }

    /// <summary>Checks a link's parameters: 403 <c>bad_link</c> when tampered with, 403 <c>link_expired</c> past its expiry.</summary>
    public VerifiedLink Verify(string attachmentId, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(expires) || expires.Length > 12 || !expires.All(char.IsAsciiDigit)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature is not { Length: 43 })
            throw BadLink();
        var expected = Encoding.ASCII.GetBytes(Signature(attachmentId, seconds));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) throw BadLink();
        if (_clock.GetCurrentInstant() >= Instant.FromUnixTimeSeconds(seconds))
            throw DomainException.Forbidden(ErrorCodes.LinkExpired, "This download link has expired; open the file from the conversation again.");
        return new VerifiedLink(attachmentId);
    }

    private string Signature(string attachmentId, long expires) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("attachment-link-v1\n" + attachmentId + "\n" + expires.ToString(CultureInfo.InvariantCulture))));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DomainException BadLink() =>
        DomainException.Forbidden(ErrorCodes.BadLink, "This download link is not valid.");
}
