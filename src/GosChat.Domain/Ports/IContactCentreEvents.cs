using GosChat.Domain.Messages;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>What the domain tells the outside world after a change is committed; the server turns these into pushes.</summary>
public interface IContactCentreEvents
{
    Task QueuePositionAsync(string sessionId, int position, int estimatedWaitSeconds);
    Task OfferAsync(Offer offer, Session session);

    /// <summary>An offer, with the operator's connections as committed with it (see <see cref="MessageAsync(Session, ChatMessage, IReadOnlyList{string})"/>).</summary>
    Task OfferAsync(Offer offer, Session session, IReadOnlyList<string>? operatorConnections) => OfferAsync(offer, session);
    Task OfferRevokedAsync(string operatorId, string offerId);
    /// <summary>The operator asked for more time: the offer now expires later.</summary>
    Task OfferExtendedAsync(Offer offer);
    Task OperatorJoinedAsync(Session session);
    Task MessageAsync(Session session, ChatMessage message);

    /// <summary>
    /// A message, with every connection of the session's operator as the shared state records them
    /// (<c>{node}/{connection}</c>, read in the same round trip as the store's append), or null when unknown: a
    /// notifier can then write to its own node's connections directly instead of through the backplane.
    /// </summary>
    Task MessageAsync(Session session, ChatMessage message, IReadOnlyList<string>? operatorConnections) => MessageAsync(session, message);

    Task TypingAsync(Session session, string from, bool isTyping);
    Task SessionClosedAsync(Session session, string? operatorId);
    /// <summary>The session left <paramref name="previousOperatorId"/> and went back to a queue.</summary>
    Task SessionRequeuedAsync(Session session, string previousOperatorId);
    /// <summary>Something in queues or operators changed: consoles and supervisors may refresh.</summary>
    Task RoutingChangedAsync();

    /// <summary>The call of a session moved (chat to voice: asked, ringing, connected, ended): its operator's console shows it.</summary>
    Task CallStateAsync(Session session) => Task.CompletedTask;
}

/// <summary>Events that go nowhere: for tools and tests that do not need pushes.</summary>
public sealed class NoEvents : IContactCentreEvents
{
    public Task QueuePositionAsync(string sessionId, int position, int estimatedWaitSeconds) => Task.CompletedTask;
    public Task OfferAsync(Offer offer, Session session) => Task.CompletedTask;
    public Task OfferRevokedAsync(string operatorId, string offerId) => Task.CompletedTask;
    public Task OfferExtendedAsync(Offer offer) => Task.CompletedTask;
    public Task OperatorJoinedAsync(Session session) => Task.CompletedTask;
    public Task MessageAsync(Session session, ChatMessage message) => Task.CompletedTask;
    public Task TypingAsync(Session session, string from, bool isTyping) => Task.CompletedTask;
    public Task SessionClosedAsync(Session session, string? operatorId) => Task.CompletedTask;
    public Task SessionRequeuedAsync(Session session, string previousOperatorId) => Task.CompletedTask;
    public Task RoutingChangedAsync() => Task.CompletedTask;
}
