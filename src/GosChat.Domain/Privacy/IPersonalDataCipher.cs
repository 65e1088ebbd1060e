namespace GosChat.Domain.Privacy;

/// <summary>
/// Encrypts personal data before a store writes it (Redis, files) and decrypts it when read back. Every encrypted
/// value names the key it was encrypted under, so keys can rotate: new values use the active key, values under
/// an older key that is still configured keep reading. A value that is not encrypted (written before encryption
/// was turned on) reads as it is.
/// </summary>
public interface IPersonalDataCipher
{
    /// <summary>The id of the key new values are encrypted under.</summary>
    string ActiveKeyId { get; }

    /// <summary>Text → <c>enc:v1:{keyId}:{base64}</c>. <paramref name="context"/> (e.g. "ChatMessage.Text") is bound to the value.</summary>
    string Encrypt(string plain, string context);

    /// <summary>The text of an encrypted value, or <paramref name="stored"/> itself when it is not encrypted.</summary>
    string Decrypt(string stored, string context);

    /// <summary>
    /// Writes what <see cref="Encrypt(string, string)"/> returns as a JSON string value; a cipher may do it without
    /// the intermediate strings (a message is encrypted on every send).
    /// </summary>
    void WriteEncrypted(System.Text.Json.Utf8JsonWriter writer, string plain, string context) =>
        writer.WriteStringValue(Encrypt(plain, context));

    /// <summary>Bytes (a file) → an envelope naming the key.</summary>
    byte[] Encrypt(ReadOnlySpan<byte> plain, string context);

    /// <summary>The bytes of an envelope, or <paramref name="stored"/> itself when it is not one.</summary>
    byte[] Decrypt(ReadOnlySpan<byte> stored, string context);

    /// <summary>
    /// A keyed hash of <paramref name="value"/> (HMAC-SHA256 under a key derived from the active key), to name
    /// personal data in a log line without revealing it: "{keyId}:{16 hex digits}".
    /// </summary>
    string KeyedHash(string value);

    /// <summary>The key id an encrypted value (text or bytes) names, or null when it is not encrypted.</summary>
    string? KeyIdOf(ReadOnlySpan<byte> stored);
}
