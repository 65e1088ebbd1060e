using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Tests.Support;

/// <summary>Keeps every event the engine pushes, in order, so tests can assert what the outside world was told.</summary>
public sealed class RecordingEvents : IContactCentreEvents
{
    public sealed record QueuePosition(string SessionId, int Position, int EstimatedWaitSeconds);
    public sealed record OfferMade(Offer Offer, Session Session);
    public sealed record OfferRevoked(string OperatorId, string OfferId);
    public sealed record OfferExtended(Offer Offer);
    public sealed record OperatorJoined(Session Session);
    public sealed record MessagePushed(Session Session, ChatMessage Message);
    public sealed record TypingPushed(Session Session, string From, bool IsTyping);
    public sealed record SessionClosed(Session Session, string? OperatorId);
    public sealed record SessionRequeued(Session Session, string PreviousOperatorId);
    public sealed record RoutingChanged;

    private readonly object _gate = new();
    private readonly List<object> _all = [];

    private Task Add(object e)
    {
        lock (_gate) _all.Add(e);
        return Task.CompletedTask;
    }

    public IReadOnlyList<object> All
    {
        get { lock (_gate) return _all.ToList(); }
    }

    public IReadOnlyList<T> Of<T>()
    {
        lock (_gate) return _all.OfType<T>().ToList();
    }

    public IReadOnlyList<OfferMade> OffersFor(string sessionId) => Of<OfferMade>().Where(o => o.Offer.SessionId == sessionId).ToList();

    public IReadOnlyList<QueuePosition> PositionsOf(string sessionId) => Of<QueuePosition>().Where(p => p.SessionId == sessionId).ToList();

    public void Clear()
    {
        lock (_gate) _all.Clear();
    }

    public Task QueuePositionAsync(string sessionId, int position, int estimatedWaitSeconds) => Add(new QueuePosition(sessionId, position, estimatedWaitSeconds));
    public Task OfferAsync(Offer offer, Session session) => Add(new OfferMade(offer, session));
    public Task OfferRevokedAsync(string operatorId, string offerId) => Add(new OfferRevoked(operatorId, offerId));
    public Task OfferExtendedAsync(Offer offer) => Add(new OfferExtended(offer));
    public Task OperatorJoinedAsync(Session session) => Add(new OperatorJoined(session));
    public Task MessageAsync(Session session, ChatMessage message) => Add(new MessagePushed(session, message));
    public Task TypingAsync(Session session, string from, bool isTyping) => Add(new TypingPushed(session, from, isTyping));
    public Task SessionClosedAsync(Session session, string? operatorId) => Add(new SessionClosed(session, operatorId));
    public Task SessionRequeuedAsync(Session session, string previousOperatorId) => Add(new SessionRequeued(session, previousOperatorId));
    public Task RoutingChangedAsync() => Add(new RoutingChanged());
}
