using System.Security.Cryptography;
using System.Text;

namespace GosChat.Domain.Requests;

/// <summary>
/// The key a citizen looks a request up with, given once with the ticket (tickets are sequential, so a ticket alone
/// proves nothing). 16 characters of a 32-letter alphabet without look-alikes: 80 random bits. Only its SHA-256 is
/// stored (unkeyed is enough at 80 bits: nobody can search that space), compared in constant time.
/// </summary>
public static class AccessCode
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 16;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("goschat-request-code:" + Normalize(code))));

    /// <summary>Whether <paramref name="given"/> is the code whose hash is <paramref name="storedHash"/>; false for null or empty.</summary>
    public static bool Matches(string? given, string storedHash)
    {
        var candidate = Hash(string.IsNullOrWhiteSpace(given) ? "" : given);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(storedHash))
               && !string.IsNullOrWhiteSpace(given);
    }

    /// <summary>Codes are read over the phone and typed: case, spaces and dashes do not matter.</summary>
    private static string Normalize(string code) =>
        new(code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
}
