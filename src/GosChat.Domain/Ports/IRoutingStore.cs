using NodaTime;
using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// The shared routing state: sessions, operators, offers. Every change goes through <see cref="CommitAsync"/>,
/// which is atomic across nodes (one Lua script on Redis).
/// </summary>
public interface IRoutingStore
{
    Task<Session?> GetSessionAsync(string sessionId);
    Task<OperatorState?> GetOperatorAsync(string operatorId);
    Task<Offer?> GetOfferAsync(string offerId);
    Task<string?> FindSessionByResumeTokenAsync(string tokenHash);
    /// <summary>The session of a telephony call id (written with the session by <see cref="RoutingChange.CallIds"/>), or null.</summary>
    Task<string?> FindSessionByCallIdAsync(string callId);

    /// <summary>Waiting sessions (deferred, queued, offered), all operators, all offers and recent handle times.</summary>
    Task<RoutingSnapshot> LoadSnapshotAsync();

    /// <summary>Applies the whole change or none of it; false when a version did not match.</summary>
    Task<bool> CommitAsync(RoutingChange change);

    /// <summary>Records that <paramref name="nodeId"/> is alive until <paramref name="aliveUntil"/> (application clock).</summary>
    Task HeartbeatAsync(string nodeId, Instant aliveUntil);

    /// <summary>Those of <paramref name="nodeIds"/> whose last heartbeat ran out by <paramref name="now"/> (or that never sent one).</summary>
    Task<IReadOnlyCollection<string>> DeadNodesAsync(IEnumerable<string> nodeIds, Instant now);

    /// <summary>Sessions by id (closed ones too, while kept).</summary>
    Task<IReadOnlyList<Session>> GetSessionsAsync(IEnumerable<string> sessionIds);
}

/// <summary>Sessions' messages, in order, appended idempotently by client message id.</summary>
public interface IMessageStore
{
    /// <summary>
    /// Appends a message, giving it the next sequence number. When <paramref name="message"/> has a
    /// ClientMessageId already stored for this session, stores nothing and returns the first message (Duplicate = true).
    /// </summary>
    Task<(Messages.ChatMessage Message, bool Duplicate)> AppendAsync(Messages.ChatMessage message);

    /// <summary>The session's messages with Seq greater than <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<Messages.ChatMessage>> GetAsync(string sessionId, long afterSeq = 0);
}

/// <summary>A cluster-wide sequence that never repeats: the last 8 digits of ticket numbers.</summary>
public interface ITicketSequence
{
    Task<long> NextAsync();
}
