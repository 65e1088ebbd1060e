using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Connections;

/// <summary><c>GosChat:ShutdownGrace</c>: how long a stopping node waits for its hub clients to leave before it cuts the rest.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "GosChat";

    /// <summary>Default 5 s; keep it well under the host's shutdown timeout (30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:25")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
