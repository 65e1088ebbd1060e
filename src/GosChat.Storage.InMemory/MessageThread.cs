using GosChat.Domain.Messages;

namespace GosChat.Storage.InMemory;

/// <summary>
/// One session's messages in the embedded store: Seq 1 to <see cref="SpilledCount"/> in its spill file, the rest in
/// <see cref="Tail"/>. Everything but the file's fields is read and changed under the store's lock; the file's
/// (<see cref="FileLength"/>, and the file itself) only by whoever holds <see cref="FileGate"/>.
/// </summary>
internal sealed class MessageThread(string sessionId)
{
    public readonly string SessionId = sessionId;

    /// <summary>Messages <see cref="SpilledCount"/> + 1 to <see cref="Count"/>, in order.</summary>
    public List<ChatMessage> Tail = [];
    public long Count;
    public long SpilledCount;
    /// <summary>The estimated bytes of <see cref="Tail"/> (<see cref="InMemoryMessageStore.SizeOf"/>).</summary>
    public long TailBytes;
    /// <summary>When it was last appended to or read, on the store's own counter: the smallest is spilled first.</summary>
    public long LastUsed;
    public readonly ClientMessageIndex ClientIds = new();

    /// <summary>Made when the session is first chosen to spill: from then on the file is only touched holding it.</summary>
    public SemaphoreSlim? FileGate;
    public string? FilePath;
    /// <summary>Bytes of whole frames in the file (a write cut short leaves more, which the next write cuts off).</summary>
    public long FileLength;
    /// <summary>Erased: the file is gone and nothing may write it again.</summary>
    public bool Forgotten;

    /// <summary>Message <paramref name="seq"/> when it is in memory.</summary>
    public ChatMessage? InMemory(long seq) => seq > SpilledCount && seq <= Count ? Tail[(int)(seq - SpilledCount - 1)] : null;

    /// <summary>The messages in memory after <paramref name="afterSeq"/> (which is at least <see cref="SpilledCount"/>), copied.</summary>
    public List<ChatMessage> TailAfter(long afterSeq)
    {
        var start = (int)Math.Min(afterSeq - SpilledCount, Tail.Count);
        return Tail.GetRange(start, Tail.Count - start);
    }
}
