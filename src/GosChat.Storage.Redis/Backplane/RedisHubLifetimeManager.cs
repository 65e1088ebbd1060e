using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>
/// A SignalR <see cref="HubLifetimeManager{THub}"/> that spans any number of nodes sharing one Redis.
/// Each node delivers to its own connections directly and publishes one frame per send to a Redis
/// channel (see <see cref="BackplaneChannels"/>); the nodes that hold matching connections are
/// subscribed to that channel and deliver the pre-serialized bytes. Group changes for a connection on
/// another node are sent to that connection's channel and acknowledged by the owning node.
/// When Redis is unreachable local delivery keeps working and cross-node messages are dropped.
/// </summary>
public sealed partial class RedisHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly ISubscriber _subscriber;
    private readonly ILogger _logger;
    private readonly RedisBackplaneOptions _options;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly ChannelSubscriptions _subscriptions;
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly MembershipIndex _groups = new();
    private readonly MembershipIndex _users = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _pendingAcks = new();
    private readonly Task _ready;
    private long _lastRequestId;
    private int _disposed;

    public RedisHubLifetimeManager(
        RedisBackplaneConnection connection,
        IHubProtocolResolver protocolResolver,
        IOptions<HubOptions> globalHubOptions,
        IOptions<HubOptions<THub>> hubOptions,
        IOptions<RedisBackplaneOptions> options,
        ILogger<RedisHubLifetimeManager<THub>> logger)
    {
        _multiplexer = connection.Multiplexer;
        _subscriber = _multiplexer.GetSubscriber();
        _logger = logger;
        _options = options.Value;
        _protocols = SelectProtocols(protocolResolver, hubOptions.Value.SupportedProtocols ?? globalHubOptions.Value.SupportedProtocols);
        _subscriptions = new ChannelSubscriptions(_subscriber, logger);
        Channels = BackplaneChannels.For<THub>();
        NodeId = Guid.NewGuid().ToString("N");

        _multiplexer.ConnectionFailed += OnConnectionFailed;
        _multiplexer.ConnectionRestored += OnConnectionRestored;
        _ready = SubscribeNodeChannelsAsync();
    }

    /// <summary>This node's id for this hub; acknowledgements are addressed to it.</summary>
    public string NodeId { get; }

    public BackplaneChannels Channels { get; }

    /// <summary>Number of connections this node owns.</summary>
    public int LocalConnectionCount => _connections.Count;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _ready.ConfigureAwait(false);
        var local = new LocalConnection(connection);
        _connections[connection.ConnectionId] = local;
        var subscribed = _subscriptions.SubscribeAsync(
            Channels.Connection(connection.ConnectionId), "connection", (_, value) => OnConnectionChannelMessage(local, value));
        if (connection.UserIdentifier is { } user) await JoinAsync(_users, Channels.User(user), "user", user, connection).ConfigureAwait(false);
        await subscribed.ConfigureAwait(false);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (!_connections.TryRemove(connection.ConnectionId, out var local)) return;
        var work = new List<Task> { _subscriptions.UnsubscribeAsync(Channels.Connection(connection.ConnectionId), "connection") };
        foreach (var group in local.Close()) work.Add(LeaveAsync(_groups, Channels.Group(group), "group", group, connection));
        if (connection.UserIdentifier is { } user) work.Add(LeaveAsync(_users, Channels.User(user), "user", user, connection));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllCoreAsync(methodName, args, excluded: null, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAllCoreAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return SendToConnectionsAsync([connectionId], Serialize(methodName, args), cancellationToken);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendToConnectionsAsync(connectionIds, Serialize(methodName, args), cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendToSetAsync(_groups, Channels.Group, "group", groupName, Serialize(methodName, args), excluded: null, cancellationToken);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        return Task.WhenAll(groupNames.Select(group => SendToSetAsync(_groups, Channels.Group, "group", group, message, excluded: null, cancellationToken)));
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        return SendToSetAsync(_groups, Channels.Group, "group", groupName, Serialize(methodName, args), excludedConnectionIds, cancellationToken);
    }

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return SendToSetAsync(_users, Channels.User, "user", userId, Serialize(methodName, args), excluded: null, cancellationToken);
    }

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        return Task.WhenAll(userIds.Select(user => SendToSetAsync(_users, Channels.User, "user", user, message, excluded: null, cancellationToken)));
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        return _connections.TryGetValue(connectionId, out var local)
            ? JoinGroupLocallyAsync(local, groupName)
            : SendGroupCommandAsync(GroupAction.Add, connectionId, groupName, cancellationToken);
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        return _connections.TryGetValue(connectionId, out var local)
            ? LeaveGroupLocallyAsync(local, groupName)
            : SendGroupCommandAsync(GroupAction.Remove, connectionId, groupName, cancellationToken);
    }

    /// <summary>Client results are not carried by this backplane; fails with a message that says so.</summary>
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "Client results (Clients.Client(id).InvokeAsync<T>) are not supported by the GosChat Redis backplane; see docs/backplane.md.");

    /// <inheritdoc cref="InvokeConnectionAsync{T}"/>
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        throw new NotSupportedException("Client results are not supported by the GosChat Redis backplane; see docs/backplane.md.");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        _subscriptions.UnsubscribeAll();
        foreach (var pending in _pendingAcks.Values) pending.TrySetCanceled();
    }

    // ---- sending ----

    private async Task SendAllCoreAsync(string methodName, object?[] args, IReadOnlyList<string>? excluded, CancellationToken cancellationToken)
    {
        var message = Serialize(methodName, args);
        var local = WriteAsync(_connections.Values.Select(c => c.Context), message, excluded, cancellationToken);
        await PublishInvocationAsync(Channels.All, "all", message, excluded).ConfigureAwait(false);
        await local.ConfigureAwait(false);
    }

    private async Task SendToConnectionsAsync(IReadOnlyList<string> connectionIds, SerializedHubMessage message, CancellationToken cancellationToken)
    {
        List<Task>? work = null;
        foreach (var id in connectionIds)
        {
            var task = _connections.TryGetValue(id, out var local)
                ? local.Context.WriteAsync(message, cancellationToken).AsTask()
                : PublishInvocationAsync(Channels.Connection(id), "connection", message, excluded: null);
            if (!task.IsCompletedSuccessfully) (work ??= []).Add(task);
        }
        if (work is not null) await Task.WhenAll(work).ConfigureAwait(false);
    }

    private async Task SendToSetAsync(MembershipIndex index, Func<string, RedisChannel> channel, string kind, string name, SerializedHubMessage message, IReadOnlyList<string>? excluded, CancellationToken cancellationToken)
    {
        var local = WriteAsync(index.Members(name), message, excluded, cancellationToken);
        await PublishInvocationAsync(channel(name), kind, message, excluded).ConfigureAwait(false);
        await local.ConfigureAwait(false);
    }

    private static Task WriteAsync(IEnumerable<HubConnectionContext> targets, SerializedHubMessage message, IReadOnlyList<string>? excluded, CancellationToken cancellationToken)
    {
        List<Task>? pending = null;
        foreach (var connection in targets)
        {
            if (excluded is not null && IsExcluded(excluded, connection.ConnectionId)) continue;
            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully) (pending ??= []).Add(write.AsTask());
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    private Task PublishInvocationAsync(RedisChannel channel, string kind, SerializedHubMessage message, IReadOnlyList<string>? excluded)
    {
        if (!_multiplexer.IsConnected)
        {
            RedisBackplaneLog.PublishSkipped(_logger, kind);
            return Task.CompletedTask;
        }
        return PublishAsync(channel, kind, BackplaneFrameCodec.WriteInvocation(NodeId, excluded, message, _protocols));
    }

    /// <summary>Publishes and returns how many nodes received the frame, or -1 when Redis failed.</summary>
    private async Task<long> PublishAsync(RedisChannel channel, string kind, byte[] frame)
    {
        try
        {
            return await _subscriber.PublishAsync(channel, frame).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            RedisBackplaneLog.PublishFailed(_logger, kind, ex);
            return -1;
        }
    }

    private SerializedHubMessage Serialize(string methodName, object?[] args) => new(new InvocationMessage(methodName, args));

    // ---- groups and users ----

    private async Task JoinGroupLocallyAsync(LocalConnection local, string group)
    {
        if (!local.TryJoin(group)) return;
        await JoinAsync(_groups, Channels.Group(group), "group", group, local.Context).ConfigureAwait(false);
    }

    private async Task LeaveGroupLocallyAsync(LocalConnection local, string group)
    {
        if (!local.TryLeave(group)) return;
        await LeaveAsync(_groups, Channels.Group(group), "group", group, local.Context).ConfigureAwait(false);
    }

    private async Task JoinAsync(MembershipIndex index, RedisChannel channel, string kind, string name, HubConnectionContext connection)
    {
        var gate = index.GateFor(name);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (index.Add(name, connection))
                await _subscriptions.SubscribeAsync(channel, kind, (_, value) => OnSetChannelMessage(index, name, value)).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task LeaveAsync(MembershipIndex index, RedisChannel channel, string kind, string name, HubConnectionContext connection)
    {
        var gate = index.GateFor(name);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (index.Remove(name, connection)) await _subscriptions.UnsubscribeAsync(channel, kind).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Asks the node that owns <paramref name="connectionId"/> to change its groups and waits for its ack.</summary>
    private async Task SendGroupCommandAsync(GroupAction action, string connectionId, string group, CancellationToken cancellationToken)
    {
        await _ready.ConfigureAwait(false);
        var requestId = Interlocked.Increment(ref _lastRequestId);
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingAcks[requestId] = ack;
        try
        {
            var frame = BackplaneFrameCodec.WriteGroupCommand(NodeId, requestId, action, connectionId, group);
            // Only the owner subscribes to the connection's channel: no receiver means no such connection,
            // which (like the single-node manager) is not an error.
            var receivers = await _subscriber.PublishAsync(Channels.Connection(connectionId), frame).ConfigureAwait(false);
            if (receivers == 0) return;
            await ack.Task.WaitAsync(_options.GroupCommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!ack.Task.IsCompleted)
        {
            RedisBackplaneLog.GroupCommandTimedOut(_logger, action.ToString(), connectionId, _options.GroupCommandTimeout);
            throw;
        }
        finally
        {
            _pendingAcks.TryRemove(requestId, out _);
        }
    }
}
