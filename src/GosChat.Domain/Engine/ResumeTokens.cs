using System.Security.Cryptography;
using System.Text;

namespace GosChat.Domain.Engine;

/// <summary>Resume tokens: 256 random bits given to the citizen once; only their SHA-256 is stored.</summary>
public static class ResumeTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
