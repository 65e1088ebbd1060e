using GosChat.Domain.Messages;
using GosChat.Domain.Ports;

namespace GosChat.Storage.InMemory;

/// <summary>Messages in process memory, per session in order, idempotent by client message id.</summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private sealed class Thread
    {
        public readonly List<ChatMessage> Messages = [];
        public readonly Dictionary<string, ChatMessage> ByClientId = new();
    }

    private readonly Dictionary<string, Thread> _threads = new();

    public Task<(ChatMessage Message, bool Duplicate)> AppendAsync(ChatMessage message)
    {
        lock (_threads)
        {
            if (!_threads.TryGetValue(message.SessionId, out var thread)) _threads[message.SessionId] = thread = new Thread();
            if (message.ClientMessageId is { } cmid && thread.ByClientId.TryGetValue(ClientKey(message.From, cmid), out var first))
                return Task.FromResult((first, true));
            var stored = message with { Seq = thread.Messages.Count + 1 };
            thread.Messages.Add(stored);
            if (message.ClientMessageId is { } id) thread.ByClientId[ClientKey(message.From, id)] = stored;
            return Task.FromResult((stored, false));
        }
    }

    public Task<IReadOnlyList<ChatMessage>> GetAsync(string sessionId, long afterSeq = 0)
    {
        lock (_threads)
        {
            IReadOnlyList<ChatMessage> result = _threads.TryGetValue(sessionId, out var thread)
                ? thread.Messages.Where(m => m.Seq > afterSeq).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    internal void Forget(string sessionId)
    {
        lock (_threads) _threads.Remove(sessionId);
    }

    /// <summary>Client message ids are unique per sender side, so a citizen's id never collides with an operator's.</summary>
    internal static string ClientKey(string from, string clientMessageId) => from + ":" + clientMessageId;
}
