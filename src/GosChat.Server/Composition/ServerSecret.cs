using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Composition;

/// <summary>
/// <c>GosChat:ServerSecret</c>: the one secret every node of a deployment shares, from which the keys of citizen
/// history (HMAC of a verified identity) and of download links are derived, one per purpose (HKDF-SHA256). At least
/// 32 characters. Outside Development a node refuses to start without it; in Development it uses a fixed, public
/// development secret and says so at start-up. Changing it unlinks all earlier history and voids every link.
/// </summary>
public sealed class ServerSecretOptions
{
    public const string Section = "GosChat";
    public const int MinLength = 32;

    /// <summary>Public on purpose: it protects nothing, and is used only in Development when no secret is set.</summary>
    public const string DevelopmentSecret = "goschat-development-secret-which-protects-nothing";

    public string? ServerSecret { get; set; }

    public bool IsSet => !string.IsNullOrEmpty(ServerSecret);

    /// <summary>The key for <paramref name="purpose"/> ("citizen-history", "attachment-links").</summary>
    public byte[] KeyFor(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(IsSet ? ServerSecret! : DevelopmentSecret), 32,
            info: Encoding.UTF8.GetBytes("goschat:" + purpose));
}

public static class ServerSecretSetup
{
    public static IServiceCollection AddGosChatServerSecret(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ServerSecretOptions))) return services;
        services.AddOptions<ServerSecretOptions>().BindConfiguration(ServerSecretOptions.Section)
            .Validate(o => !o.IsSet || o.ServerSecret!.Length >= ServerSecretOptions.MinLength,
                $"GosChat:ServerSecret must be at least {ServerSecretOptions.MinLength} characters.")
            .Validate<IHostEnvironment>((o, env) => o.IsSet || env.IsDevelopment(),
                "GosChat:ServerSecret is required outside Development: it keys citizen history and download links (docs/security.md).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServerSecretOptions>>().Value);
        return services;
    }
}
