using GosChat.Domain.Citizens;

namespace GosChat.Server.Composition;

/// <summary>
/// <c>GosChat:CitizenIdentity</c>: the host sites that may vouch for their signed-in users on the widget tag
/// (docs/widget.md, "Signed-in users"), and how far ahead a signature may expire.
/// </summary>
public sealed class CitizenIdentityOptions
{
    public const string Section = "GosChat:CitizenIdentity";

    public List<HostSiteOptions> Sites { get; set; } = [];

    /// <summary>A signature expiring later than this from now is refused (so a leaked page cannot be replayed for long).</summary>
    public TimeSpan MaxSignatureLifetime { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<string> Problems()
    {
        if (MaxSignatureLifetime <= TimeSpan.Zero) yield return "MaxSignatureLifetime must be positive";
        foreach (var (site, i) in Sites.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(site.Id)) yield return $"Sites:{i}:Id is required";
            if (site.Origins.Count == 0) yield return $"Sites:{i}:Origins needs at least one origin";
            foreach (var origin in site.Origins)
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                    yield return $"Sites:{i}:Origins: '{origin}' is not an origin (scheme://host[:port])";
            if ((site.Secret ?? "").Length < ServerSecretOptions.MinLength)
                yield return $"Sites:{i}:Secret must be at least {ServerSecretOptions.MinLength} characters";
        }
        foreach (var id in Sites.GroupBy(s => s.Id).Where(g => g.Count() > 1)) yield return $"site id '{id.Key}' is used twice";
    }

    public SiteUserVerifier ToVerifier() => new(
        Sites.Select(s => new HostSite(s.Id, s.Origins, s.Secret!, s.RequireSignedUser)),
        NodaTime.Duration.FromTimeSpan(MaxSignatureLifetime));
}

/// <summary>One host site: its id (part of the history key, so keep it stable), its origins and its secret.</summary>
public sealed class HostSiteOptions
{
    public string Id { get; set; } = "";
    public List<string> Origins { get; set; } = [];
    public string? Secret { get; set; }
    /// <summary>Refuse chats from this site's pages that carry no signed user (hub error <c>signed_user_required</c>).</summary>
    public bool RequireSignedUser { get; set; }
}
