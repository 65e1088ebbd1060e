using System.Collections.Concurrent;
using GosChat.Domain.Ports;

namespace GosChat.Server.Notifications;

/// <summary>
/// The embedded notification port: nothing leaves the process. Messages wait in a bounded outbox (the newest
/// <see cref="Capacity"/>) that an operator tool or a test can read, and each is logged by purpose and reference only —
/// never the phone number, the text or the code. A deployment replaces it with its SMS gateway
/// (register its own <see cref="INotificationSender"/> before AddGosChat).
/// </summary>
public sealed partial class OutboxNotificationSender(ILogger<OutboxNotificationSender> logger) : INotificationSender
{
    public const int Capacity = 1000;
    private readonly ConcurrentQueue<Notification> _outbox = new();

    /// <summary>The messages "sent", oldest first.</summary>
    public IReadOnlyList<Notification> Sent => _outbox.ToArray();

    public Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        _outbox.Enqueue(notification);
        while (_outbox.Count > Capacity && _outbox.TryDequeue(out _)) { }
        LogQueued(logger, notification.Purpose, notification.Reference);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4171, Level = LogLevel.Information, Message = "Notification {Purpose} for {Reference} put in the outbox")]
    private static partial void LogQueued(ILogger logger, string purpose, string reference);
}
