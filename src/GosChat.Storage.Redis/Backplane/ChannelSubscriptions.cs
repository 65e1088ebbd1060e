using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>
/// The channels one backplane node is subscribed to, each with exactly one handler. Failures are
/// logged, not thrown: StackExchange.Redis remembers a subscription even when the server cannot be
/// reached and sends it again once the connection is restored.
/// </summary>
internal sealed class ChannelSubscriptions
{
    private readonly ISubscriber _subscriber;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RedisChannel, Action<RedisChannel, RedisValue>> _handlers = new();

    public ChannelSubscriptions(ISubscriber subscriber, ILogger logger)
    {
        _subscriber = subscriber;
        _logger = logger;
    }

    public int Count => _handlers.Count;

    public async Task SubscribeAsync(RedisChannel channel, string kind, Action<RedisChannel, RedisValue> handler)
    {
        if (!_handlers.TryAdd(channel, handler)) return;
        try
        {
            await _subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            RedisBackplaneLog.SubscribeFailed(_logger, kind, ex);
        }
    }

    public async Task UnsubscribeAsync(RedisChannel channel, string kind)
    {
        if (!_handlers.TryRemove(channel, out var handler)) return;
        try
        {
            await _subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            RedisBackplaneLog.UnsubscribeFailed(_logger, kind, ex);
        }
    }

    /// <summary>Drops every subscription without waiting for Redis (used on shutdown).</summary>
    public void UnsubscribeAll()
    {
        foreach (var channel in _handlers.Keys)
        {
            if (!_handlers.TryRemove(channel, out var handler)) continue;
            try
            {
                _subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
            catch (Exception ex) when (RedisFailures.IsTransient(ex))
            {
                RedisBackplaneLog.UnsubscribeFailed(_logger, "any", ex);
            }
        }
    }
}

internal static class RedisFailures
{
    /// <summary>Errors that mean "Redis is not reachable right now" rather than a bug.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException;
}
