using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Requests;

/// <summary><c>GosChat:Requests</c>: settings of the request cards (docs/requests.md).</summary>
public sealed class RequestOptions
{
    public const string Section = "GosChat:Requests";

    /// <summary>Citizens' lookups (<c>GET /api/requests/{ticket}</c>) per client address per minute, right code or wrong.</summary>
    [Range(1, 10_000)]
    public int LookupsPerMinute { get; set; } = 30;
}
