using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GosChat.Storage.InMemory;

/// <summary>
/// Messages of the embedded store, per session in order, idempotent by client message id. They are held in process
/// memory up to a budget (<see cref="EmbeddedMessageOptions"/>); past it a background pass writes the messages of the
/// sessions used longest ago to encrypted files (<see cref="MessageSpillFiles"/>) until the store is a small step under
/// the budget (<see cref="MaxSpillStepBytes"/>; InMemoryMessageStore.Spilling.cs). An append never waits for a file: it only counts the message's bytes and,
/// over the budget, wakes the pass. A read of messages that went to a file reads them from there. What stays in memory
/// for a session written out is small: its count and its client message ids, hashed (<see cref="ClientMessageIndex"/>).
/// </summary>
public sealed partial class InMemoryMessageStore : IMessageStore
{
    /// <summary>What a message costs besides its text: the record, its id strings, a list slot and an index entry.</summary>
    private const int MessageOverheadBytes = 200;
    private const int AttachmentOverheadBytes = 200;

    /// <summary>
    /// How far under the budget a pass writes the store down: a thirty-second of it, at most 16 MiB. Small steps, often:
    /// with a quarter of a 512 MiB budget written at once (JSON, encryption, the file), a node on one core relaying
    /// 13,000 messages/s or more kept p99 between half a second and a second while p50 stayed near 10 ms.
    /// </summary>
    private const long MaxSpillStepBytes = 16L * 1024 * 1024;

    private readonly Dictionary<string, MessageThread> _threads = new();
    private readonly MessageSpillFiles? _files;
    private readonly long _budget;
    private readonly long _target;
    private readonly ILogger _logger;
    private long _bytesInMemory;
    private long _uses;

    /// <summary>Every message in memory, without a budget (for tests of other parts).</summary>
    public InMemoryMessageStore()
    {
        _budget = _target = long.MaxValue;
        _logger = NullLogger.Instance;
    }

    /// <summary>Messages in memory up to <see cref="EmbeddedMessageOptions.MemoryBudgetBytes"/>, the rest in <paramref name="folder"/>, which is emptied first.</summary>
    public InMemoryMessageStore(string folder, IPersonalDataCipher cipher, EmbeddedMessageOptions options, ILogger<InMemoryMessageStore> logger)
    {
        _budget = options.MemoryBudgetBytes;
        _target = _budget - Math.Min(_budget / 32, MaxSpillStepBytes);
        _logger = logger;
        _files = new MessageSpillFiles(folder, cipher);
        if (_files.Clear() is var leftovers and > 0) LogLeftoversRemoved(_logger, leftovers);
    }

    /// <summary>The estimated bytes of the messages held in memory now.</summary>
    public long BytesInMemory => Volatile.Read(ref _bytesInMemory);

    public Task<(ChatMessage Message, bool Duplicate)> AppendAsync(ChatMessage message)
    {
        var hash = message.ClientMessageId is { } cmid ? ClientMessageIndex.Hash(message.From, cmid) : 0;
        MessageThread thread;
        long onFile;
        lock (_threads)
        {
            thread = ThreadOf(message.SessionId);
            if (TryAppend(thread, message, hash, knownOther: 0, out var result, out onFile)) return Task.FromResult(result);
        }
        return AppendAfterFileCheckAsync(message, hash, thread, onFile);
    }

    public Task<IReadOnlyList<ChatMessage>> GetAsync(string sessionId, long afterSeq = 0)
    {
        afterSeq = Math.Max(0, afterSeq);
        MessageThread? thread;
        long spilled;
        ChatMessage[] tail;
        lock (_threads)
        {
            if (!_threads.TryGetValue(sessionId, out thread)) return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
            thread.LastUsed = ++_uses;
            if (afterSeq >= thread.SpilledCount) return Task.FromResult<IReadOnlyList<ChatMessage>>(thread.TailAfter(afterSeq));
            (spilled, tail) = (thread.SpilledCount, thread.Tail.ToArray());
        }
        return GetWithFileAsync(thread, afterSeq, spilled, tail);
    }

    /// <summary>Erases the session's messages, in memory and on disk (retention, erasure).</summary>
    internal async Task ForgetAsync(string sessionId)
    {
        MessageThread? thread;
        SemaphoreSlim? gate;
        lock (_threads)
        {
            if (!_threads.TryGetValue(sessionId, out thread)) return;
            gate = thread.FileGate;
            if (gate is null)
            {
                // Never chosen to spill, so there is no file; and once gone from the map it cannot be chosen.
                Remove(thread);
                return;
            }
        }
        await gate.WaitAsync();
        try
        {
            // The file goes while the session is still in the map, so no new thread of the same id can write it meanwhile.
            _files!.Delete(thread.FilePath!);
            lock (_threads) Remove(thread);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Client message ids are unique per sender side, so a citizen's id never collides with an operator's.</summary>
    internal static string ClientKey(string from, string clientMessageId) => from + ":" + clientMessageId;

    /// <summary>The bytes a message is counted for in memory: cheap, no I/O, nothing allocated.</summary>
    internal static long SizeOf(ChatMessage message) =>
        MessageOverheadBytes + 2L * (message.Text.Length + message.MessageId.Length + (message.ClientMessageId?.Length ?? 0))
        + (message.Attachment is null ? 0 : AttachmentOverheadBytes);

    /// <summary>The session's thread, made on first use; marked used now. Under the lock.</summary>
    private MessageThread ThreadOf(string sessionId)
    {
        if (!_threads.TryGetValue(sessionId, out var thread)) _threads[sessionId] = thread = new MessageThread(sessionId);
        thread.LastUsed = ++_uses;
        return thread;
    }

    /// <summary>
    /// Under the lock: stores the message, or finds the first with its client message id. False when that takes a look
    /// into the file: <paramref name="onFile"/> is the Seq there to compare (<paramref name="knownOther"/>: a Seq already
    /// compared and found to be another key's).
    /// </summary>
    private bool TryAppend(MessageThread thread, ChatMessage message, ulong hash, long knownOther,
        out (ChatMessage Message, bool Duplicate) result, out long onFile)
    {
        onFile = 0;
        var hashTaken = false;
        if (message.ClientMessageId is { } cmid && thread.ClientIds.Find(hash, message.From, cmid) is var seq and > 0)
        {
            if (thread.InMemory(seq) is { } candidate)
            {
                if (IsSameClientMessage(candidate, message))
                {
                    result = (candidate, true);
                    return true;
                }
                hashTaken = true;
            }
            else if (seq == knownOther)
            {
                hashTaken = true;
            }
            else
            {
                onFile = seq;
                result = default;
                return false;
            }
        }

        var stored = message with { Seq = thread.Count + 1 };
        thread.Tail.Add(stored);
        thread.Count = stored.Seq;
        if (message.ClientMessageId is { } id) thread.ClientIds.Add(hash, message.From, id, stored.Seq, hashTaken);
        var size = SizeOf(stored);
        thread.TailBytes += size;
        Volatile.Write(ref _bytesInMemory, _bytesInMemory + size);
        if (_bytesInMemory > _budget) WakeSpilling();
        result = (stored, false);
        return true;
    }

    /// <summary>The message whose client id's hash matched is in the file: read it, then append unless it is the same.</summary>
    private async Task<(ChatMessage Message, bool Duplicate)> AppendAfterFileCheckAsync(ChatMessage message, ulong hash, MessageThread thread, long onFile)
    {
        while (true)
        {
            var candidate = (await ReadFileAsync(thread, onFile - 1, onFile))?.FirstOrDefault();
            if (candidate is not null && IsSameClientMessage(candidate, message)) return (candidate, true);
            lock (_threads)
            {
                var current = ThreadOf(message.SessionId);
                // A thread erased meanwhile is not the one compared against.
                var knownOther = candidate is not null && current == thread ? onFile : 0;
                if (TryAppend(current, message, hash, knownOther, out var result, out var next)) return result;
                (thread, onFile) = (current, next);
            }
        }
    }

    private async Task<IReadOnlyList<ChatMessage>> GetWithFileAsync(MessageThread thread, long afterSeq, long spilled, ChatMessage[] tail)
    {
        var messages = await ReadFileAsync(thread, afterSeq, spilled);
        if (messages is null) return [];
        messages.AddRange(tail);
        return messages;
    }

    /// <summary>Messages after <paramref name="afterSeq"/> through <paramref name="throughSeq"/> from the thread's file; null once the thread is erased.</summary>
    private async Task<List<ChatMessage>?> ReadFileAsync(MessageThread thread, long afterSeq, long throughSeq)
    {
        // Seq up to throughSeq went to the file before it was read from the thread, so the gate and the path are set.
        var gate = thread.FileGate!;
        await gate.WaitAsync();
        try
        {
            return thread.Forgotten ? null : await _files!.ReadAsync(thread.FilePath!, thread.FileLength, afterSeq, throughSeq);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Under the lock.</summary>
    private void Remove(MessageThread thread)
    {
        if (_threads.TryGetValue(thread.SessionId, out var current) && current == thread) _threads.Remove(thread.SessionId);
        thread.Forgotten = true;
        Volatile.Write(ref _bytesInMemory, _bytesInMemory - thread.TailBytes);
        thread.TailBytes = 0;
    }

    private static bool IsSameClientMessage(ChatMessage stored, ChatMessage message) =>
        stored.From == message.From && stored.ClientMessageId == message.ClientMessageId;
}
