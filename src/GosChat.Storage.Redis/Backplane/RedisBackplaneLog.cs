using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>Log messages of the backplane. Never logs message contents, user ids or tokens.</summary>
internal static partial class RedisBackplaneLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Backplane node {NodeId} started for hub {Hub}")]
    public static partial void Started(ILogger logger, string nodeId, string hub);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Redis connection lost ({FailureType}, {ConnectionType}); local delivery continues, messages to other nodes are dropped until it is back")]
    public static partial void ConnectionLost(ILogger logger, ConnectionFailureType failureType, ConnectionType connectionType, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Redis connection restored ({ConnectionType})")]
    public static partial void ConnectionRestored(ILogger logger, ConnectionType connectionType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Redis is unavailable; a {Kind} message for other nodes was dropped")]
    public static partial void PublishSkipped(ILogger logger, string kind);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Publishing a {Kind} message to Redis failed; other nodes will not receive it")]
    public static partial void PublishFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Subscribing to a backplane {Kind} channel failed; the Redis client retries when reconnected")]
    public static partial void SubscribeFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Unsubscribing from a backplane {Kind} channel failed")]
    public static partial void UnsubscribeFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "A backplane message could not be decoded and was dropped")]
    public static partial void BadFrame(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Writing a backplane message to connection {ConnectionId} failed")]
    public static partial void WriteFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Handling a group command from node {NodeId} failed")]
    public static partial void GroupCommandFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "No acknowledgement for a group {Action} on connection {ConnectionId} within {Timeout}")]
    public static partial void GroupCommandTimedOut(ILogger logger, string action, string connectionId, TimeSpan timeout);
}
