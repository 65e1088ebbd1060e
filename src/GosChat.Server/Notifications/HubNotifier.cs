using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Notifications;

/// <summary>Turns domain events into hub pushes: citizens by session group, operators by user id.</summary>
public sealed class HubNotifier(
    IHubContext<ChatHub, IChatClient> citizens,
    IHubContext<OperatorHub, IOperatorClient> operators,
    QueueStatsPublisher stats,
    Metrics.GosChatMetrics metrics,
    NodaTime.IClock clock,
    CitizenTabs tabs,
    GosChat.Domain.Engine.ContactCentreOptions options) : IContactCentreEvents
{
    public Task QueuePositionAsync(string sessionId, int position, int estimatedWaitSeconds)
    {
        // Someone joined, left or moved in a queue: the live queue figures changed too.
        stats.MarkDirty();
        return citizens.Clients.Group(ChatHub.Group(sessionId)).QueueUpdate(new QueueUpdateDto(position, estimatedWaitSeconds));
    }

    public Task OfferAsync(Offer offer, Session session) => OfferAsync(offer, session, operatorConnections: null);

    public Task OfferAsync(Offer offer, Session session, IReadOnlyList<string>? operatorConnections)
    {
        metrics.Offered(offer.Queue, offer.Channel);
        var dto = OfferDto.From(offer, session);
        return ToOperatorAsync(offer.OperatorId, operatorConnections, client => client.Offer(dto));
    }

    /// <summary>
    /// A push to one operator: to each of <paramref name="connections"/> (recorded as <c>{node}/{connection}</c>) by id
    /// when they are known — SignalR's Redis backplane writes a connection of this node directly and publishes only for
    /// the others (its many-connections send would publish every one) — or to the user when they are not.
    /// </summary>
    private Task ToOperatorAsync(string operatorId, IReadOnlyList<string>? connections, Func<IOperatorClient, Task> send)
    {
        if (connections is null) return send(operators.Clients.User(operatorId));
        if (connections.Count == 1) return send(operators.Clients.Client(ConnectionId(connections[0])));
        var sends = new Task[connections.Count];
        for (var i = 0; i < sends.Length; i++) sends[i] = send(operators.Clients.Client(ConnectionId(connections[i])));
        return Task.WhenAll(sends);
    }

    /// <summary>
    /// A push to the session's citizen: while the session lists this node alone as holding its citizen connections, to
    /// those connections here directly (SignalR's Redis backplane writes a connection of this node without a publish,
    /// where a group send always goes out to Redis and back); otherwise to the session's group.
    /// </summary>
    private Task ToCitizenAsync(Session session, Func<IChatClient, Task> send)
    {
        if (session.CitizenNodes is not [var node] || node != options.NodeId) return send(citizens.Clients.Group(ChatHub.Group(session.Id)));
        var here = tabs.Of(session.Id);
        if (here.Count == 1) return send(citizens.Clients.Client(here[0]));
        var sends = new Task[here.Count];
        for (var i = 0; i < sends.Length; i++) sends[i] = send(citizens.Clients.Client(here[i]));
        return Task.WhenAll(sends);
    }

    private static string ConnectionId(string qualified) => qualified[(qualified.LastIndexOf('/') + 1)..];

    public Task OfferRevokedAsync(string operatorId, string offerId) =>
        operators.Clients.User(operatorId).OfferRevoked(new OfferRevokedDto(offerId));

    public Task OfferExtendedAsync(Offer offer) =>
        operators.Clients.User(offer.OperatorId).OfferExtended(OfferExtendedDto.From(offer));

    public Task OperatorJoinedAsync(Session session) =>
        citizens.Clients.Group(ChatHub.Group(session.Id)).OperatorJoined(new OperatorJoinedDto(session.OperatorName ?? ""));

    public Task MessageAsync(Session session, ChatMessage message) => MessageAsync(session, message, operatorConnections: null);

    /// <summary>
    /// Pushes a message to the session's citizen and operator. Given the operator's connections, it writes to each by
    /// id: SignalR's Redis backplane writes to a connection of this node directly and publishes only for the others,
    /// where a push to the user would go out to Redis and back even when the operator is on this node.
    /// </summary>
    public async Task MessageAsync(Session session, ChatMessage message, IReadOnlyList<string>? operatorConnections)
    {
        metrics.Message(message.From);
        var dto = MessageDto.Of(message);
        // Both pushes leave together: on Redis each may be a publish, so the second does not wait for the first's round trip.
        var toCitizen = ToCitizenAsync(session, client => client.Message(dto));
        if (session is not { State: SessionState.Active, OperatorId: { } op })
        {
            await toCitizen;
            return;
        }
        await Task.WhenAll(toCitizen, ToOperatorAsync(op, operatorConnections, client => client.Message(dto)));
    }

    public async Task TypingAsync(Session session, string from, bool isTyping)
    {
        if (from == Senders.Operator)
            await citizens.Clients.Group(ChatHub.Group(session.Id)).Typing(new CitizenTypingDto(from, isTyping));
        else if (session is { State: SessionState.Active, OperatorId: { } op })
            await operators.Clients.User(op).Typing(new OperatorTypingDto(session.Id, from, isTyping));
    }

    public async Task SessionClosedAsync(Session session, string? operatorId)
    {
        var dto = new SessionClosedDto(session.Id, session.Ticket, session.CloseReason ?? "closed");
        await citizens.Clients.Group(ChatHub.Group(session.Id)).SessionClosed(dto);
        if (operatorId is not null) await operators.Clients.User(operatorId).SessionClosed(dto);
        // A call's conversation closed (the caller hung up, or the operator closed it): its console shows the call ended.
        if (operatorId is not null && session.Channel == Channel.Call && CallStateDto.Of(session, clock.GetCurrentInstant()) is { } call)
            await operators.Clients.User(operatorId).CallState(call);
        stats.MarkDirty();
    }

    public Task CallStateAsync(Session session) =>
        session.OperatorId is { } operatorId && CallStateDto.Of(session, clock.GetCurrentInstant()) is { } call
            ? operators.Clients.User(operatorId).CallState(call)
            : Task.CompletedTask;

    public Task SessionRequeuedAsync(Session session, string previousOperatorId)
    {
        var reason = session.LastRequeueReason().ToString().ToLowerInvariant();
        stats.MarkDirty();
        return operators.Clients.User(previousOperatorId).SessionReleased(new SessionReleasedDto(session.Id, session.Ticket, session.Queue, reason));
    }

    public Task RoutingChangedAsync()
    {
        stats.MarkDirty();
        return Task.CompletedTask;
    }
}
