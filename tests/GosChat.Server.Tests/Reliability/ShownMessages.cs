using GosChat.Server.Hubs;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// What one side of a conversation shows, merged as the widget and the console merge it: one entry per message id,
/// whether it came as a push, in a snapshot or from GetMessages. It also keeps the watermark the real clients keep —
/// the highest sequence number up to which nothing is missing — which is what they pass to GetMessages.
/// </summary>
public sealed class ShownMessages
{
    private readonly object _lock = new();
    private readonly Dictionary<string, MessageDto> _byId = new(StringComparer.Ordinal);
    private readonly HashSet<long> _seqs = [];
    private long _watermark;

    /// <summary>Message ids that arrived first through a fetch after a gap (GetMessages, a snapshot after a reconnect).</summary>
    public HashSet<string> Fetched { get; } = new(StringComparer.Ordinal);

    /// <summary>Every sequence number up to this one has been shown.</summary>
    public long Watermark
    {
        get { lock (_lock) return _watermark; }
    }

    public void Pushed(MessageDto message) => Add(message, fetched: false);

    public void FetchedAll(IEnumerable<MessageDto> messages)
    {
        foreach (var message in messages) Add(message, fetched: true);
    }

    /// <summary>How many distinct messages this side shows for each client message id.</summary>
    public Dictionary<string, int> CountByClientMessageId()
    {
        lock (_lock)
            return _byId.Values.Where(m => m.ClientMessageId is not null)
                .GroupBy(m => m.ClientMessageId!)
                .ToDictionary(g => g.Key, g => g.Count());
    }

    public bool Shows(string clientMessageId)
    {
        lock (_lock) return _byId.Values.Any(m => m.ClientMessageId == clientMessageId);
    }

    private void Add(MessageDto message, bool fetched)
    {
        lock (_lock)
        {
            if (!_byId.TryAdd(message.MessageId, message)) return;
            if (fetched) Fetched.Add(message.MessageId);
            _seqs.Add(message.Seq);
            while (_seqs.Contains(_watermark + 1)) _watermark++;
        }
    }
}
