using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GosChat.Domain.Privacy;

/// <summary>
/// <see cref="IPersonalDataCipher"/> with AES-256-GCM (<see cref="AesGcm"/>): a fresh 96-bit nonce per value, a
/// 128-bit tag, the context and the key id as associated data, so a value moved to another field or relabelled with
/// another key id does not decrypt. Text: <c>enc:v1:{keyId}:{base64(nonce | tag | ciphertext)}</c>. Bytes:
/// "GCE1", the key id's length (1 byte) and ASCII, then nonce | tag | ciphertext.
/// </summary>
public sealed class AesGcmPersonalDataCipher : IPersonalDataCipher
{
    public const string TextPrefix = "enc:v1:";
    private static ReadOnlySpan<byte> Magic => "GCE1"u8;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    // One AesGcm per key and thread: its key schedule is made once, not per value (an instance is not thread-safe).
    private readonly Dictionary<string, ThreadLocal<AesGcm>> _aes = new(StringComparer.Ordinal);

    /// <param name="keys">Key id → 32-byte key. Ids: 1 to 32 of A–Z, a–z, 0–9, '-', '_'.</param>
    /// <param name="activeKeyId">The id new values are encrypted under; one of <paramref name="keys"/>.</param>
    public AesGcmPersonalDataCipher(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (!IsValidKeyId(id)) throw new ArgumentException($"Key id '{id}' is not 1 to 32 letters, digits, '-' or '_'.", nameof(keys));
            if (key.Length != 32) throw new ArgumentException($"Key '{id}' is {key.Length} bytes; AES-256 needs 32.", nameof(keys));
            var copy = key.ToArray();
            _keys[id] = copy;
            _aes[id] = new ThreadLocal<AesGcm>(() => new AesGcm(copy, TagSize));
        }
        if (!_keys.ContainsKey(activeKeyId)) throw new ArgumentException($"The active key id '{activeKeyId}' names no key.", nameof(activeKeyId));
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public static bool IsValidKeyId(string? id) =>
        id is { Length: > 0 and <= 32 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public string Encrypt(string plain, string context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TextBufferSize(plain));
        try
        {
            return Encoding.ASCII.GetString(EncryptInto(plain, context, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void WriteEncrypted(Utf8JsonWriter writer, string plain, string context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TextBufferSize(plain));
        try
        {
            writer.WriteStringValue(EncryptInto(plain, context, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int TextBufferSize(string plain)
    {
        var sealedLength = NonceSize + TagSize + Encoding.UTF8.GetMaxByteCount(plain.Length);
        return Encoding.UTF8.GetMaxByteCount(plain.Length) + sealedLength + TextPrefix.Length + ActiveKeyId.Length + 1 +
               Base64.GetMaxEncodedToUtf8Length(sealedLength);
    }

    /// <summary>
    /// <c>enc:v1:{keyId}:{base64(nonce | tag | ciphertext)}</c> as ASCII, built in <paramref name="buffer"/>
    /// (<see cref="TextBufferSize"/> bytes): the plain bytes (zeroed once sealed), then nonce, tag and ciphertext, then the text.
    /// </summary>
    private ReadOnlySpan<byte> EncryptInto(string plain, string context, byte[] buffer)
    {
        var keyId = ActiveKeyId;
        var plainBytes = buffer.AsSpan(0, Encoding.UTF8.GetBytes(plain, buffer));
        var sealedBytes = buffer.AsSpan(plainBytes.Length, NonceSize + TagSize + plainBytes.Length);
        SealInto(plainBytes, sealedBytes, context, keyId);
        CryptographicOperations.ZeroMemory(plainBytes);
        var text = buffer.AsSpan(plainBytes.Length + sealedBytes.Length);
        var prefixLength = Encoding.ASCII.GetBytes(TextPrefix, text);
        prefixLength += Encoding.ASCII.GetBytes(keyId, text[prefixLength..]);
        text[prefixLength++] = (byte)':';
        Base64.EncodeToUtf8(sealedBytes, text[prefixLength..], out _, out var written);
        return text[..(prefixLength + written)];
    }

    public string Decrypt(string stored, string context)
    {
        if (!stored.StartsWith(TextPrefix, StringComparison.Ordinal)) return stored;
        var rest = stored.AsSpan(TextPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0) throw Unreadable();
        var keyId = rest[..colon].ToString();
        return Encoding.UTF8.GetString(Open(Convert.FromBase64String(rest[(colon + 1)..].ToString()), context, keyId));
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plain, string context)
    {
        var id = Encoding.ASCII.GetBytes(ActiveKeyId);
        var sealedBytes = Seal(plain, context, ActiveKeyId);
        var result = new byte[Magic.Length + 1 + id.Length + sealedBytes.Length];
        Magic.CopyTo(result);
        result[Magic.Length] = (byte)id.Length;
        id.CopyTo(result.AsSpan(Magic.Length + 1));
        sealedBytes.CopyTo(result.AsSpan(Magic.Length + 1 + id.Length));
        return result;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> stored, string context)
    {
        if (KeyIdOfEnvelope(stored) is not { } keyId) return stored.ToArray();
        return Open(stored[(Magic.Length + 1 + keyId.Length)..], context, keyId);
    }

    public string KeyedHash(string value)
    {
        var hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys[ActiveKeyId], 32, info: "goschat keyed hash"u8.ToArray());
        return ActiveKeyId + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(value)))[..16];
    }

    public string? KeyIdOf(ReadOnlySpan<byte> stored)
    {
        if (KeyIdOfEnvelope(stored) is { } id) return id;
        var prefix = Encoding.ASCII.GetBytes(TextPrefix);
        if (!stored.StartsWith(prefix)) return null;
        var rest = stored[prefix.Length..];
        var colon = rest.IndexOf((byte)':');
        return colon <= 0 ? null : Encoding.ASCII.GetString(rest[..colon]);
    }

    private static string? KeyIdOfEnvelope(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < Magic.Length + 1 || !stored.StartsWith(Magic)) return null;
        int length = stored[Magic.Length];
        if (length == 0 || stored.Length < Magic.Length + 1 + length + NonceSize + TagSize) return null;
        var id = Encoding.ASCII.GetString(stored.Slice(Magic.Length + 1, length));
        return IsValidKeyId(id) ? id : null;
    }

    private byte[] Seal(ReadOnlySpan<byte> plain, string context, string keyId)
    {
        var result = new byte[NonceSize + TagSize + plain.Length];
        SealInto(plain, result, context, keyId);
        return result;
    }

    /// <summary>Writes nonce | tag | ciphertext into <paramref name="result"/> (its length: nonce + tag + plain).</summary>
    private void SealInto(ReadOnlySpan<byte> plain, Span<byte> result, string context, string keyId)
    {
        var nonce = result[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        _aes[keyId].Value!.Encrypt(nonce, plain, result[(NonceSize + TagSize)..], result.Slice(NonceSize, TagSize), Associated(context, keyId));
    }

    private byte[] Open(ReadOnlySpan<byte> sealedBytes, string context, string keyId)
    {
        if (!_aes.TryGetValue(keyId, out var aes))
            throw new CryptographicException($"A stored value is encrypted under key id '{keyId}', which is not configured (GosChat:Encryption:Keys).");
        if (sealedBytes.Length < NonceSize + TagSize) throw Unreadable();
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        aes.Value!.Decrypt(sealedBytes[..NonceSize], sealedBytes[(NonceSize + TagSize)..], sealedBytes.Slice(NonceSize, TagSize), plain,
            Associated(context, keyId));
        return plain;
    }

    // The contexts are a handful of field names: their associated data is made once per key.
    private readonly ConcurrentDictionary<(string KeyId, string Context), byte[]> _associated = new();

    private byte[] Associated(string context, string keyId) =>
        _associated.GetOrAdd((keyId, context), k => Encoding.UTF8.GetBytes(k.KeyId + "\n" + k.Context));

    private static CryptographicException Unreadable() => new("A stored encrypted value is malformed.");

    /// <summary>A new random 256-bit key, base64 (what <c>GosChat:Encryption:Keys:{id}</c> holds).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
