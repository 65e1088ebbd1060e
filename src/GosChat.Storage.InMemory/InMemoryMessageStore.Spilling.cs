using GosChat.Domain.Messages;
using Microsoft.Extensions.Logging;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The store's one background pass that writes sessions' messages out of memory: woken by an append that takes the
/// store over its budget, it writes whole sessions, the least recently used first, until the store is a small step under
/// the budget (<see cref="MaxSpillStepBytes"/>), and ends once the store is within its budget again. It gives way to
/// other work queued on the thread pool after each session it writes, so conversations go on between its writes.
/// </summary>
public sealed partial class InMemoryMessageStore
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    /// <summary>The pass running now, or null. Under the lock.</summary>
    private Task? _spilling;

    /// <summary>Completes when no pass is running (tests wait for it).</summary>
    internal Task SpillingDone
    {
        get
        {
            lock (_threads) return _spilling ?? Task.CompletedTask;
        }
    }

    /// <summary>Under the lock: starts the pass unless it runs already (it looks at the budget again before it ends).</summary>
    private void WakeSpilling()
    {
        if (_files is null || _spilling is not null) return;
        _spilling = Task.Run(SpillWhileOverBudgetAsync);
    }

    private async Task SpillWhileOverBudgetAsync()
    {
        while (true)
        {
            try
            {
                await SpillDownToTargetAsync();
            }
            catch (Exception e)
            {
                // A full or unwritable disk: the messages stay in memory, over the budget, until a later try succeeds.
                LogSpillFailed(_logger, (int)RetryAfterFailure.TotalSeconds, e);
                await Task.Delay(RetryAfterFailure);
            }
            lock (_threads)
            {
                if (_bytesInMemory <= _budget)
                {
                    _spilling = null;
                    return;
                }
            }
        }
    }

    private async Task SpillDownToTargetAsync()
    {
        var (sessions, messages, bytes) = (0, 0L, 0L);
        while (ColdestFirst() is { Count: > 0 } coldest)
        {
            foreach (var thread in coldest)
            {
                var (spilledMessages, spilledBytes) = await SpillAsync(thread);
                if (spilledMessages > 0) (sessions, messages, bytes) = (sessions + 1, messages + spilledMessages, bytes + spilledBytes);
                await Task.Yield();
                if (BytesInMemory <= _target) break;
            }
        }
        if (sessions > 0) LogSpilled(_logger, sessions, messages, bytes, BytesInMemory, _budget);
    }

    /// <summary>
    /// Sessions with messages in memory, least recently used first, as many as it takes to come down to the target;
    /// empty once there. Each is given its file's gate and path.
    /// </summary>
    private List<MessageThread> ColdestFirst()
    {
        List<(long LastUsed, long Bytes, MessageThread Thread)> candidates;
        long excess;
        lock (_threads)
        {
            excess = _bytesInMemory - _target;
            if (excess <= 0) return [];
            candidates = new(_threads.Count);
            foreach (var thread in _threads.Values)
                if (thread.TailBytes > 0) candidates.Add((thread.LastUsed, thread.TailBytes, thread));
        }
        // Sorted outside the lock, so appends go on meanwhile.
        candidates.Sort((a, b) => a.LastUsed.CompareTo(b.LastUsed));
        var chosen = new List<MessageThread>();
        lock (_threads)
        {
            foreach (var (_, bytes, thread) in candidates)
            {
                if (excess <= 0) break;
                if (thread.Forgotten) continue;
                thread.FileGate ??= new SemaphoreSlim(1, 1);
                thread.FilePath ??= _files!.PathOf(thread.SessionId);
                chosen.Add(thread);
                excess -= bytes;
            }
        }
        return chosen;
    }

    /// <summary>Writes the session's messages in memory to its file and lets go of them; how many, and their bytes.</summary>
    private async Task<(int Messages, long Bytes)> SpillAsync(MessageThread thread)
    {
        var gate = thread.FileGate!;
        await gate.WaitAsync();
        try
        {
            ChatMessage[] batch;
            lock (_threads)
            {
                if (thread.Forgotten || thread.Tail.Count == 0) return (0, 0);
                batch = thread.Tail.ToArray();
            }
            // Appends and reads of the session go on while the file is written: the batch stays in memory until it is there.
            thread.FileLength = await _files!.AppendAsync(thread.FilePath!, thread.FileLength, batch);
            var freed = 0L;
            foreach (var message in batch) freed += SizeOf(message);
            lock (_threads)
            {
                // Only appends happened meanwhile (erasure waits for the gate): the batch is still the head of the tail.
                thread.Tail.RemoveRange(0, batch.Length);
                if (thread.Tail.Count == 0) thread.Tail = [];
                else thread.Tail.TrimExcess();
                thread.SpilledCount = batch[^1].Seq;
                thread.TailBytes -= freed;
                Volatile.Write(ref _bytesInMemory, _bytesInMemory - freed);
            }
            LogSessionSpilled(_logger, thread.SessionId, batch.Length, freed);
            return (batch.Length, freed);
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information,
        Message = "Messages of {Sessions} sessions written to disk ({Messages} messages, {Bytes} bytes); {BytesInMemory} bytes of messages in memory, budget {Budget}")]
    private static partial void LogSpilled(ILogger logger, int sessions, long messages, long bytes, long bytesInMemory, long budget);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "{Messages} messages of session {SessionId} written to disk ({Bytes} bytes)")]
    private static partial void LogSessionSpilled(ILogger logger, string sessionId, int messages, long bytes);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error,
        Message = "Writing messages to disk failed; they stay in memory, over the budget, and the next try is in {Seconds} s")]
    private static partial void LogSpillFailed(ILogger logger, int seconds, Exception exception);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Information, Message = "Removed {Files} message files an earlier run left in the data folder")]
    private static partial void LogLeftoversRemoved(ILogger logger, int files);
}
