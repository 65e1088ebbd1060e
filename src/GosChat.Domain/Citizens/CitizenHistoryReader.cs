using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Citizens;

/// <summary>The same citizen's earlier sessions, for the operator serving them now.</summary>
public sealed class CitizenHistoryReader(ICitizenHistory history, IRoutingStore store, IMessageStore messages)
{
    /// <summary>How many earlier sessions <see cref="EarlierAsync"/> returns at most.</summary>
    public const int Limit = 10;

    /// <summary>
    /// The citizen's other sessions with their messages, newest first, at most <see cref="Limit"/>; none for a session
    /// whose citizen nobody vouched for (a typed phone number links nothing).
    /// </summary>
    public async Task<IReadOnlyList<SessionView>> EarlierAsync(Session session)
    {
        if (session.HistoryKey is not { } key) return [];
        var items = new List<SessionView>();
        foreach (var id in await history.ListAsync(key, Limit + 1))
        {
            if (id == session.Id) continue;
            // Only sessions that carry the same key: an index entry is never trusted on its own.
            if (await store.GetSessionAsync(id) is not { } earlier || earlier.HistoryKey != key) continue;
            items.Add(new SessionView(earlier, await messages.GetAsync(earlier.Id), 0, 0));
            if (items.Count == Limit) break;
        }
        return items;
    }
}
