using System.Security.Cryptography;

namespace GosChat.TestSupport;

/// <summary>
/// The personal-data key every test server and store encrypts under (made once per test run, so several nodes of
/// one test share it), in the shape of <c>GosChat:Encryption</c>.
/// </summary>
public static class TestEncryptionKeys
{
    public const string KeyId = "test";

    /// <summary>A base64 256-bit key.</summary>
    public static string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings that give a server <see cref="Key"/> as its active key.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["GosChat:Encryption:ActiveKeyId"] = KeyId,
        ["GosChat:Encryption:Keys:" + KeyId] = Key,
    };
}
