using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// A citizen's earlier sessions, keyed by <see cref="CitizenKey"/> (a hash, so no phone number is stored as a key).
/// </summary>
public interface ICitizenHistory
{
    /// <summary>Records that a session was created for the citizen (idempotent per session id).</summary>
    Task RecordAsync(string citizenKey, string sessionId, Instant createdAt);

    /// <summary>The citizen's session ids, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string citizenKey, int limit);
}

/// <summary>Builds the citizen key from a phone number.</summary>
public static class CitizenKey
{
    /// <summary>How many sessions per citizen a store keeps.</summary>
    public const int MaxKept = 50;

    /// <summary>
    /// SHA-256 (lower-case hex) of the phone's digits, or null when there are no digits. A leading 8 with
    /// 11 digits counts as 7, so "+7 (916) 555-12-34" and "8 916 555 12 34" give the same key.
    /// </summary>
    public static string? FromPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new StringBuilder(phone.Length);
        foreach (var c in phone)
            if (c is >= '0' and <= '9') digits.Append(c);
        if (digits.Length == 0) return null;
        if (digits.Length == 11 && digits[0] == '8') digits[0] = '7';
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(digits.ToString())));
    }
}
