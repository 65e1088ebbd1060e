using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Connections;

/// <summary>
/// <c>GosChat:Outbound</c>: how far behind one hub connection may fall before the server gives up on it. Sends to a
/// connection never wait for its socket (<see cref="OutboundBuffer"/>); a connection that stays behind past either
/// bound is cut, and its client reconnects and fetches what it missed (docs/reliability.md).
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "GosChat:Outbound";

    /// <summary>Bytes waiting for one connection beyond what its socket holds (default 1 MiB).</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxBufferedBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one connection's socket may keep the server's sends to it waiting (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MaxBehind { get; set; } = TimeSpan.FromSeconds(10);
}
