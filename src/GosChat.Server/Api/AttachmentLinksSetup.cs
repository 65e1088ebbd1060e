using GosChat.Domain.Attachments;
using GosChat.Server.Composition;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Api;

/// <summary><c>GosChat:Attachments</c>: how long a signed download link works.</summary>
public sealed class AttachmentLinkOptions
{
    public const string Section = "GosChat:Attachments";

    /// <summary>On the service's clock; default 5 minutes.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Signed, short-lived download links (docs/attachments.md), keyed by a key derived from <c>GosChat:ServerSecret</c>.</summary>
public static class AttachmentLinksSetup
{
    public static IServiceCollection AddGosChatAttachmentLinks(this IServiceCollection services)
    {
        services.AddGosChatServerSecret();
        services.AddOptions<AttachmentLinkOptions>().BindConfiguration(AttachmentLinkOptions.Section)
            .Validate(o => o.LinkLifetime > TimeSpan.Zero && o.LinkLifetime <= TimeSpan.FromDays(1),
                "GosChat:Attachments:LinkLifetime must be positive and at most a day.")
            .ValidateOnStart();
        services.AddSingleton(sp => new AttachmentLinks(
            sp.GetRequiredService<ServerSecretOptions>().KeyFor("attachment-links"),
            sp.GetRequiredService<IClock>(),
            Duration.FromTimeSpan(sp.GetRequiredService<IOptions<AttachmentLinkOptions>>().Value.LinkLifetime)));
        return services;
    }
}
