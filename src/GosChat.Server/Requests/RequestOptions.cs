using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Requests;

/// <summary><c>GosChat:Requests</c>: settings of the request cards (docs/requests.md).</summary>
public sealed class RequestOptions
{
    public const string Section = "GosChat:Requests";

    /// <summary>Citizens' lookups (<c>GET /api/requests/{ticket}</c>) per client address per minute, right code or wrong.</summary>
    [Range(1, 10_000)]
    public int LookupsPerMinute { get; set; } = 30;

    /// <summary>Written requests filed from the widget's form (<c>POST /api/requests</c>) per client address per minute.</summary>
    [Range(1, 1_000)]
    public int FilingsPerMinute { get; set; } = 2;

    /// <summary>A request waiting on the citizen this long (wall time) sends them a reminder; then again after each new wait.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan CitizenReminderAfter { get; set; } = TimeSpan.FromHours(48);
}
