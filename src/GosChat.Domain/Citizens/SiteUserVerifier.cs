using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace GosChat.Domain.Citizens;

/// <summary>A host site that may vouch for its signed-in users: its id, the origins its pages are served from, its secret.</summary>
/// <param name="RequireSignedUser">Starts from this site's pages without a signed user are refused.</param>
public sealed record HostSite(string Id, IReadOnlyList<string> Origins, string Secret, bool RequireSignedUser);

/// <summary>
/// Checks a <see cref="SignedUser"/> against the site its page's origin belongs to: the signature must be the
/// site's HMAC-SHA256 over <see cref="SignedString"/>, unexpired on the service's clock and not further ahead than
/// the longest lifetime allowed. A refusal changes nothing; a start without a signed user links no history.
/// </summary>
public sealed class SiteUserVerifier
{
    public const int MaxUserIdLength = 200;

    private readonly IReadOnlyList<HostSite> _sites;
    private readonly Duration _maxLifetime;

    public SiteUserVerifier(IEnumerable<HostSite> sites, Duration maxLifetime)
    {
        _sites = sites.ToList();
        _maxLifetime = maxLifetime;
    }

    public static SiteUserVerifier None { get; } = new([], Duration.FromHours(24));

    /// <summary>
    /// What the site signs, UTF-8: <c>goschat-user-v1</c>, the page's origin (scheme://host[:port], lower case, as
    /// the browser sends it in <c>Origin</c>), the user id and the expiry in unix seconds, joined by "\n".
    /// </summary>
    public static string SignedString(string origin, string userId, long expires) =>
        string.Join('\n', "goschat-user-v1", NormalizeOrigin(origin), userId, expires.ToString(CultureInfo.InvariantCulture));

    /// <summary>The signature a site with <paramref name="secret"/> puts on the widget tag (lower-case hex).</summary>
    public static string Sign(string secret, string origin, string userId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(SignedString(origin, userId, expires))));

    /// <summary>The verified identity, or null for an anonymous start that the page's site allows.</summary>
    public CitizenIdentity? Verify(SignedUser? user, string? origin, Instant now)
    {
        var site = Find(origin);
        if (user is null || (string.IsNullOrEmpty(user.Id) && string.IsNullOrEmpty(user.Signature) && string.IsNullOrEmpty(user.Expires)))
        {
            if (site is { RequireSignedUser: true })
                throw DomainException.Forbidden(ErrorCodes.SignedUserRequired, "This site starts chats only for its signed-in users; reload the page and try again.");
            return null;
        }
        if (site is null) throw Bad("no site is configured for this page's origin");
        var id = user.Id;
        if (string.IsNullOrEmpty(id) || id.Length > MaxUserIdLength || id.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)) throw Bad("the user id is missing or malformed");
        if (string.IsNullOrEmpty(user.Expires) || user.Expires.Length > 12 || !user.Expires.All(char.IsAsciiDigit)
            || !long.TryParse(user.Expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            throw Bad("the expiry is missing or malformed");
        if (user.Signature is not { Length: 64 } signature || !signature.All(char.IsAsciiHexDigit)) throw Bad("the signature is missing or malformed");

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(site.Secret), Encoding.UTF8.GetBytes(SignedString(origin!, id, expires)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature))) throw Bad("the signature does not match");
        var until = Instant.FromUnixTimeSeconds(Math.Min(expires, Instant.MaxValue.ToUnixTimeSeconds()));
        if (until <= now)
            throw DomainException.Forbidden(ErrorCodes.UserSignatureExpired, "The page's sign-in for the chat has expired; reload the page and try again.");
        if (until > now + _maxLifetime) throw Bad("the expiry is further ahead than allowed");
        return CitizenIdentity.SiteUser(site.Id, id);
    }

    private HostSite? Find(string? origin)
    {
        if (string.IsNullOrEmpty(origin)) return null;
        var normal = NormalizeOrigin(origin);
        return _sites.FirstOrDefault(s => s.Origins.Any(o => NormalizeOrigin(o) == normal));
    }

    private static string NormalizeOrigin(string origin) => origin.Trim().TrimEnd('/').ToLowerInvariant();

    private static DomainException Bad(string why) =>
        DomainException.Forbidden(ErrorCodes.BadUserSignature, $"The signed user is refused: {why}.");
}
