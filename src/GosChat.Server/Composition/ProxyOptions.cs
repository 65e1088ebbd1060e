using System.ComponentModel.DataAnnotations;
using System.Net;

namespace GosChat.Server.Composition;

/// <summary>
/// <c>GosChat:Proxy</c>: the reverse proxies in front of the nodes. Only requests from these addresses may say,
/// through <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client is and whether it came over TLS
/// (per-IP limits, <c>Secure</c> cookies, HSTS). Nothing configured = the headers are ignored.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "GosChat:Proxy";

    /// <summary>IP addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Send <c>Strict-Transport-Security</c> on requests that came over TLS (at the proxy or here).</summary>
    public bool Hsts { get; set; }

    /// <summary>The HSTS max-age.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                yield return new ValidationResult($"{Section}:KnownProxies:{i}: '{KnownProxies[i]}' is not an IP address.");
        for (var i = 0; i < KnownNetworks.Count; i++)
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
                yield return new ValidationResult($"{Section}:KnownNetworks:{i}: '{KnownNetworks[i]}' is not a network in CIDR form (10.0.0.0/24).");
        if (HstsMaxAge <= TimeSpan.Zero)
            yield return new ValidationResult($"{Section}:HstsMaxAge must be positive.");
    }
}
