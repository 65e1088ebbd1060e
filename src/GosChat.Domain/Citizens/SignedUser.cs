namespace GosChat.Domain.Citizens;

/// <summary>
/// A user id a host site signed for its page (the widget tag's <c>data-goschat-user</c>,
/// <c>data-goschat-user-expires</c> and <c>data-goschat-user-signature</c>, docs/widget.md).
/// </summary>
/// <param name="Id">The site's own id of the signed-in user (1–200 characters, no control or format characters).</param>
/// <param name="Expires">Until when the signature holds: unix seconds, as a string of digits.</param>
/// <param name="Signature">Lower-case hex HMAC-SHA256 of <see cref="SiteUserVerifier.SignedString"/> under the site's secret.</param>
public sealed record SignedUser(string? Id, string? Expires, string? Signature);
