using GosChat.Domain.Privacy;

namespace GosChat.Server.Privacy;

/// <summary>
/// <c>GosChat:Encryption</c>: the keys personal data is encrypted under at rest (message texts, contact details,
/// attachments). <c>Keys:{id}</c> = a base64 256-bit key (<c>openssl rand -base64 32</c>); <c>ActiveKeyId</c> names
/// the one new values are written under. To rotate, add a key, make it active, and keep the old one as long as
/// data written under it is kept (<c>GosChat:Retention</c>).
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "GosChat:Encryption";

    public string? ActiveKeyId { get; set; }
    public Dictionary<string, string> Keys { get; set; } = [];

    public bool IsConfigured => Keys.Count > 0 || !string.IsNullOrWhiteSpace(ActiveKeyId);

    /// <summary>What is wrong with the settings, or null. <paramref name="development"/>: no keys at all is allowed.</summary>
    public string? Problem(bool development)
    {
        if (!IsConfigured)
            return development ? null
                : $"{Section}: no key. Outside Development a node refuses to start without one, or personal data would be stored in clear " +
                  $"(set {Section}:ActiveKeyId and {Section}:Keys:<id> = a base64 256-bit key; docs/security.md).";
        if (string.IsNullOrWhiteSpace(ActiveKeyId) || !Keys.ContainsKey(ActiveKeyId))
            return $"{Section}:ActiveKeyId must name one of {Section}:Keys.";
        foreach (var (id, key) in Keys)
        {
            if (!AesGcmPersonalDataCipher.IsValidKeyId(id))
                return $"{Section}:Keys: the id '{id}' is not 1 to 32 letters, digits, '-' or '_'.";
            if (Decode(key) is not { Length: 32 })
                return $"{Section}:Keys:{id} is not a base64 256-bit (32-byte) key.";
        }
        return null;
    }

    public Dictionary<string, byte[]> DecodedKeys() => Keys.ToDictionary(k => k.Key, k => Decode(k.Value)!, StringComparer.Ordinal);

    private static byte[]? Decode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try { return Convert.FromBase64String(value.Trim()); }
        catch (FormatException) { return null; }
    }
}
