using System.ComponentModel.DataAnnotations;

namespace GosChat.Storage.InMemory;

/// <summary>
/// <c>GosChat:EmbeddedMessages</c>: how much of the sessions' messages an embedded node keeps in its memory
/// (<see cref="InMemoryMessageStore"/>). Past the budget the messages of the sessions used longest ago are written,
/// encrypted, to <c>messages/</c> under the data folder, a small step at a time (a thirty-second of the budget, at most
/// 16 MiB), and read from there when asked for. Unused with Redis.
/// </summary>
public sealed class EmbeddedMessageOptions
{
    public const string Section = "GosChat:EmbeddedMessages";

    /// <summary>
    /// Bytes of messages held in memory, as estimated on append (twice the text's length plus about 200 bytes a
    /// message). Default 512 MiB: well under the few gigabytes of live messages at which the collector's pauses were seen to
    /// reach tenths of a second, while a node under that keeps its conversations in memory and pays nothing for writing them
    /// out (bench/README.md measures what spilling costs). 0 writes every session's messages out as soon as they arrive.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long MemoryBudgetBytes { get; set; } = 512L * 1024 * 1024;
}
