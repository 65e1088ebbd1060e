using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace GosChat.Server.Connections;

/// <summary>
/// The hub connections this node holds, by hub, from the moment their transport starts until it ends: whom to tell to
/// resync after a backplane gap, whose outgoing buffers to watch, and whom to send elsewhere when the node stops.
/// </summary>
public sealed class LocalConnections
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<LocalConnection> All => _connections.Values;

    /// <summary>The ids of this node's connections to the hub <typeparamref name="THub"/>.</summary>
    public IReadOnlyList<string> IdsOf<THub>() =>
        _connections.Values.Where(c => c.Hub == typeof(THub)).Select(c => c.Id).ToList();

    public void Add(LocalConnection connection) => _connections[connection.Id] = connection;

    public void Remove(LocalConnection connection) => _connections.TryRemove(new KeyValuePair<string, LocalConnection>(connection.Id, connection));
}

/// <summary>One hub connection on this node, with its outgoing buffer between SignalR and the transport.</summary>
public sealed class LocalConnection
{
    private readonly ConnectionContext _context;

    /// <param name="hub">The hub's type.</param>
    /// <param name="context">The connection; its transport is wrapped by <see cref="Outbound"/> by whoever installs it.</param>
    /// <param name="maxBufferedBytes">Past this many bytes waiting, <paramref name="overflow"/> is called (once).</param>
    /// <param name="overflow">Gives up on the connection; must not block.</param>
    public LocalConnection(Type hub, ConnectionContext context, long maxBufferedBytes, Action<LocalConnection> overflow)
    {
        Hub = hub;
        _context = context;
        Outbound = new OutboundBuffer(context.Transport, maxBufferedBytes, () => overflow(this));
    }

    public Type Hub { get; }

    public string Id => _context.ConnectionId;

    public OutboundBuffer Outbound { get; }

    /// <summary>Asks the client to go away and come back (SignalR's close message with reconnect allowed).</summary>
    public void RequestClose() => _context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();

    /// <summary>
    /// Drops what waits to be sent and cuts the connection at once (no close message: it would wait behind the backlog);
    /// the client's reconnect brings it back. True the first time.
    /// </summary>
    public bool Cut()
    {
        if (!Outbound.Drop()) return false;
        _context.Abort();
        return true;
    }
}
