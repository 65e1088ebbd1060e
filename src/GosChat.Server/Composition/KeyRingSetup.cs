using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GosChat.Server.Composition;

/// <summary>
/// The Data Protection key ring (it signs every sign-in token and cookie) encrypted at rest with a certificate from
/// configuration, wherever the ring is kept (Redis, or the machine's key folder on the embedded store). Whoever
/// reads the stored ring without the certificate's private key cannot mint a token. Outside Development a node
/// refuses to start without one; in Development it starts and warns.
/// </summary>
public static class KeyRingSetup
{
    public const string Section = "GosChat:DataProtection";

    public static WebApplicationBuilder AddGosChatKeyRing(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration[$"{Section}:CertificatePath"];
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("GosChat");
        if (!string.IsNullOrWhiteSpace(path))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, builder.Configuration[$"{Section}:CertificatePassword"],
                X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"{Section}:CertificatePath: the certificate has no private key, so the key ring could not be read back.");
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{Section}:CertificatePath is required outside Development: the Data Protection key ring that signs every sign-in " +
                "would otherwise be stored unencrypted (docs/security.md shows how to make a certificate).");
        }
        return builder;
    }

    /// <summary>True when the ring is stored unencrypted (Development without a certificate): the node says so at start-up.</summary>
    public static bool IsUnprotected(IConfiguration configuration) => string.IsNullOrWhiteSpace(configuration[$"{Section}:CertificatePath"]);
}
