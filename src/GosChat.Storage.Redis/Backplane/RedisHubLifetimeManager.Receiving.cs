using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>The receiving side: frames arriving from Redis, delivered to this node's connections.</summary>
public sealed partial class RedisHubLifetimeManager<THub>
{
    // ---- receiving ----

    private async Task SubscribeNodeChannelsAsync()
    {
        await Task.WhenAll(
            _subscriptions.SubscribeAsync(Channels.All, "all", (_, value) => OnAllChannelMessage(value)),
            _subscriptions.SubscribeAsync(Channels.Acks(NodeId), "ack", (_, value) => OnAckChannelMessage(value))).ConfigureAwait(false);
        RedisBackplaneLog.Started(_logger, NodeId, Channels.HubName);
    }

    private void OnAllChannelMessage(RedisValue value)
    {
        if (TryReadForeignInvocation(value) is { } frame) Deliver(_connections.Values.Select(c => c.Context), frame);
    }

    private void OnSetChannelMessage(MembershipIndex index, string name, RedisValue value)
    {
        if (TryReadForeignInvocation(value) is { } frame) Deliver(index.Members(name), frame);
    }

    private void OnConnectionChannelMessage(LocalConnection local, RedisValue value)
    {
        var frame = TryRead(value);
        if (frame is null) return;
        switch (frame.Kind)
        {
            case FrameKind.Invocation:
                Deliver([local.Context], frame);
                break;
            case FrameKind.GroupCommand:
                _ = HandleGroupCommandAsync(frame);
                break;
        }
    }

    private void OnAckChannelMessage(RedisValue value)
    {
        if (TryRead(value) is { Kind: FrameKind.Ack } frame && _pendingAcks.TryGetValue(frame.RequestId, out var pending))
            pending.TrySetResult();
    }

    private async Task HandleGroupCommandAsync(BackplaneFrame command)
    {
        try
        {
            if (_connections.TryGetValue(command.ConnectionId, out var local))
            {
                if (command.Action == GroupAction.Add) await JoinGroupLocallyAsync(local, command.GroupName).ConfigureAwait(false);
                else await LeaveGroupLocallyAsync(local, command.GroupName).ConfigureAwait(false);
            }
            // Acknowledge even when the connection has just gone: the asking node only needs to stop waiting.
            await PublishAsync(Channels.Acks(command.SourceNode), "ack", BackplaneFrameCodec.WriteAck(NodeId, command.RequestId)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RedisBackplaneLog.GroupCommandFailed(_logger, command.SourceNode, ex);
        }
    }

    private void Deliver(IEnumerable<HubConnectionContext> targets, BackplaneFrame frame)
    {
        var message = new SerializedHubMessage(frame.Payloads);
        foreach (var connection in targets)
        {
            if (IsExcluded(frame.ExcludedConnectionIds, connection.ConnectionId)) continue;
            ValueTask write;
            try
            {
                write = connection.WriteAsync(message);
            }
            catch (Exception ex)
            {
                RedisBackplaneLog.WriteFailed(_logger, connection.ConnectionId, ex);
                continue;
            }
            // Writes are started in arrival order (the connection's write lock keeps that order);
            // the Redis callback does not wait for slow clients.
            if (!write.IsCompletedSuccessfully) _ = ObserveAsync(write, connection.ConnectionId);
        }
    }

    private async Task ObserveAsync(ValueTask write, string connectionId)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RedisBackplaneLog.WriteFailed(_logger, connectionId, ex);
        }
    }

    /// <summary>An invocation published by another node; this node already delivered its own locally.</summary>
    private BackplaneFrame? TryReadForeignInvocation(RedisValue value) =>
        TryRead(value) is { Kind: FrameKind.Invocation } frame && frame.SourceNode != NodeId ? frame : null;

    private BackplaneFrame? TryRead(RedisValue value)
    {
        try
        {
            var bytes = (byte[]?)value;
            return bytes is null ? null : BackplaneFrameCodec.Read(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            RedisBackplaneLog.BadFrame(_logger, ex);
            return null;
        }
    }

    private static bool IsExcluded(IReadOnlyList<string> excluded, string connectionId)
    {
        for (var i = 0; i < excluded.Count; i++)
            if (string.Equals(excluded[i], connectionId, StringComparison.Ordinal)) return true;
        return false;
    }

    private static IReadOnlyList<IHubProtocol> SelectProtocols(IHubProtocolResolver resolver, IList<string>? supported)
    {
        var all = resolver.AllProtocols;
        if (supported is null || supported.Count == 0) return all.ToArray();
        return all.Where(p => supported.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
    }

    // ---- Redis connection events ----

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        RedisBackplaneLog.ConnectionLost(_logger, e.FailureType, e.ConnectionType, e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        RedisBackplaneLog.ConnectionRestored(_logger, e.ConnectionType);
}
