using System.ComponentModel.DataAnnotations;
using System.Net;

namespace GosChat.Server.Metrics;

/// <summary>
/// <c>GosChat:Metrics</c>: who may read <c>/metrics</c> and where else the figures go. Loopback may always scrape;
/// other addresses only when listed here (behind a trusted proxy, the forwarded client address counts).
/// </summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "GosChat:Metrics";

    /// <summary>Scraper addresses, each an IP address (<c>10.0.0.7</c>) or a network in CIDR form (<c>10.0.0.0/24</c>).</summary>
    public List<string> AllowedScrapers { get; set; } = [];

    /// <summary>An OTLP collector (<c>http://otel-collector:4317</c>); empty = no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often the Redis round trip is measured (a PING) when the node runs on Redis.</summary>
    public TimeSpan RedisProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when <paramref name="address"/> may read /metrics.</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        foreach (var entry in AllowedScrapers)
        {
            if (IPAddress.TryParse(entry, out var single))
            {
                if (single.Equals(address)) return true;
            }
            else if (IPNetwork.TryParse(entry, out var network) && network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedScrapers.Count; i++)
            if (!IPAddress.TryParse(AllowedScrapers[i], out _) && !IPNetwork.TryParse(AllowedScrapers[i], out _))
                yield return new ValidationResult($"{Section}:AllowedScrapers:{i}: '{AllowedScrapers[i]}' is neither an IP address nor a network in CIDR form.");
        if (!string.IsNullOrEmpty(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            yield return new ValidationResult($"{Section}:OtlpEndpoint: '{OtlpEndpoint}' is not an absolute URI.");
        if (RedisProbeInterval <= TimeSpan.Zero)
            yield return new ValidationResult($"{Section}:RedisProbeInterval must be positive.");
    }
}
