namespace GosChat.Domain.Citizens;

/// <summary>
/// Who a citizen is, as someone the service trusts has vouched for it: the caller number the telephony platform
/// reports (it authenticates with an API key), or a user id a configured host site signed. Only these link a
/// citizen's sessions; what a citizen types into a form (a phone number, a name) links nothing.
/// </summary>
public sealed record CitizenIdentity
{
    private CitizenIdentity(string kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>"caller", "site-user", or "typed-phone" (an index for erasure only, see <see cref="TypedPhone"/>).</summary>
    public string Kind { get; }

    /// <summary>The canonical form the history key is computed from (never stored, never logged).</summary>
    internal string Value { get; }

    /// <summary>
    /// The caller's number as the telephony platform reports it, or null when it has no digits. A leading 8 of an
    /// 11-digit number counts as 7, so "+7 (916) 555-12-34" and "8 916 555 12 34" are one caller.
    /// </summary>
    public static CitizenIdentity? Caller(string? reportedNumber) =>
        PhoneDigits(reportedNumber) is { } digits ? new CitizenIdentity("caller", digits) : null;

    /// <summary>
    /// A phone number a citizen typed. It verifies nothing and never links history (no session carries its key as
    /// its history key); it only indexes sessions so that everything held about a number can be exported and erased.
    /// </summary>
    public static CitizenIdentity? TypedPhone(string? typed) =>
        PhoneDigits(typed) is { } digits ? new CitizenIdentity("typed-phone", digits) : null;

    /// <summary>The digits of a phone number (a leading 8 of 11 digits read as 7), or null when there are none.</summary>
    public static string? PhoneDigits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new System.Text.StringBuilder(phone.Length);
        foreach (var c in phone)
            if (char.IsAsciiDigit(c)) digits.Append(c);
        if (digits.Length == 0) return null;
        if (digits.Length == 11 && digits[0] == '8') digits[0] = '7';
        return digits.ToString();
    }

    /// <summary>A user id as a configured site signed it (see <see cref="SiteUserVerifier"/>).</summary>
    internal static CitizenIdentity SiteUser(string siteId, string userId) => new("site-user", siteId + "\n" + userId);

    /// <summary>No personal data in a string form of it.</summary>
    public override string ToString() => Kind;
}
