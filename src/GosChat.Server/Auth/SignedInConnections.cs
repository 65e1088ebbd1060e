using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Auth;

/// <summary>The operator-hub connections this node holds, by the sign-in they were opened with.</summary>
public sealed class SignedInConnections
{
    private readonly ConcurrentDictionary<string, (string SignInId, HubCallerContext Context)> _connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context, string signInId) => _connections[context.ConnectionId] = (signInId, context);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlyCollection<string> SignInIds => _connections.Values.Select(c => c.SignInId).Distinct().ToList();

    /// <summary>Closes every connection of these sign-ins; returns how many.</summary>
    public int Close(IReadOnlySet<string> signInIds)
    {
        var closed = 0;
        foreach (var (_, (signInId, context)) in _connections)
        {
            if (!signInIds.Contains(signInId)) continue;
            context.Abort();
            closed++;
        }
        return closed;
    }
}
