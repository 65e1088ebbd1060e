using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GosChat.TestSupport;

/// <summary>A self-signed certificate (PKCS#12 file with its private key) made once per test run, for the key ring.</summary>
public static class TestCertificates
{
    public const string Password = "test-key-ring";

    private static readonly Lazy<string> Pfx = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=GosChat test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));
        var path = Path.Combine(Directory.CreateTempSubdirectory("goschat-cert-").FullName, "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    });

    /// <summary>The path of the PKCS#12 file (password <see cref="Password"/>).</summary>
    public static string KeyRingPfx => Pfx.Value;
}
