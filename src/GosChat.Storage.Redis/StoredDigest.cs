using System.Security.Cryptography;

namespace GosChat.Storage.Redis;

/// <summary>
/// The digest by which a node tells redis-server which stored value it holds: the SHA-1 of the value in lower-case hex,
/// as a script's <c>redis.sha1hex</c> gives it.
/// </summary>
internal static class StoredDigest
{
    public static string Of(ReadOnlySpan<byte> stored) => Convert.ToHexStringLower(SHA1.HashData(stored));
}
