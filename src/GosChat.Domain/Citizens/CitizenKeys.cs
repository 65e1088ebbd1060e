using System.Security.Cryptography;
using System.Text;

namespace GosChat.Domain.Citizens;

/// <summary>
/// The key a citizen's history is filed under: HMAC-SHA256 of the verified identity under a server secret
/// (lower-case hex). Without the secret a key cannot be recomputed from a phone number or a user id, so reading
/// the store does not tell whose history is whose, and enumerating all phone numbers gets nowhere.
/// </summary>
public sealed class CitizenKeys
{
    /// <summary>How many sessions per citizen a store keeps.</summary>
    public const int MaxKept = 50;

    /// <summary>The shortest secret accepted, in bytes.</summary>
    public const int MinSecretBytes = 32;

    private readonly byte[] _secret;

    public CitizenKeys(byte[] secret)
    {
        if (secret.Length < MinSecretBytes)
            throw new ArgumentException($"The citizen history secret must be at least {MinSecretBytes} bytes.", nameof(secret));
        _secret = (byte[])secret.Clone();
    }

    /// <summary>A fresh random secret: history that lives no longer than this process (tests, a throw-away node).</summary>
    public static CitizenKeys Random() => new(RandomNumberGenerator.GetBytes(MinSecretBytes));

    /// <summary>Whether <paramref name="key"/> has the shape of a key (64 lower-case hex digits); stores refuse anything else.</summary>
    public static bool IsKey(string? key) => key is { Length: 64 } && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Throws unless <paramref name="key"/> is a key: a store never files history under a raw phone number or user id.</summary>
    public static string Checked(string key) =>
        IsKey(key) ? key : throw new ArgumentException("A citizen history key is an HMAC (64 lower-case hex digits).", nameof(key));

    public string KeyOf(CitizenIdentity identity) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(identity.Kind + "\n" + identity.Value)));
}
