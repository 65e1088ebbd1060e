using GosChat.Domain.Messages;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Engine;

/// <summary>What an operator can do: be there or not, take offers, talk, transfer, close.</summary>
public sealed class OperatorService(
    IRoutingStore store,
    IMessageStore messages,
    IContactCentreEvents events,
    IClock clock,
    ContactCentreOptions options,
    Dispatcher dispatcher,
    SessionObservers observers)
{
    /// <summary>
    /// The operator connections this node holds (operator id by qualified connection id). The sweep re-asserts
    /// them in the shared state, so a node that was briefly taken for dead (no heartbeat) heals by itself.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> LocalConnections { get; } = new();

    /// <summary>A connection id as recorded in the shared state: qualified by the node that holds it.</summary>
    public string Qualify(string connectionId) => options.NodeId + "/" + connectionId;

    public async Task<OperatorState> ConnectedAsync(OperatorAccount account, string connectionId)
    {
        connectionId = Qualify(connectionId);
        LocalConnections[connectionId] = account.Id;
        var state = await Mutate(account.Id, account, op => op with
        {
            Connections = [.. op.Connections.Where(c => c != connectionId), connectionId],
            DisconnectedAt = null,
        });
        dispatcher.Nudge();
        return state;
    }

    public async Task DisconnectedAsync(string operatorId, string connectionId)
    {
        connectionId = Qualify(connectionId);
        LocalConnections.TryRemove(connectionId, out _);
        var now = clock.GetCurrentInstant();
        var state = await Mutate(operatorId, null, op =>
        {
            var left = op.Connections.Where(c => c != connectionId).ToList();
            return op with { Connections = left, DisconnectedAt = left.Count == 0 ? now : op.DisconnectedAt };
        });
        if (!state.IsConnected && state.PendingOfferId is { } offerId)
            await dispatcher.WithdrawOfferAsync(offerId, declinedBy: null);
        await events.RoutingChangedAsync();
        dispatcher.Nudge();
    }

    public async Task<OperatorState> SetPresenceAsync(string operatorId, string? presence)
    {
        var wanted = presence switch
        {
            "available" => Presence.Available,
            "away" => Presence.Away,
            "offline" => Presence.Offline,
            _ => throw DomainException.BadRequest(ErrorCodes.BadPresence, "Presence must be \"available\", \"away\" or \"offline\"."),
        };
        var now = clock.GetCurrentInstant();
        var state = await Mutate(operatorId, null, op => op with
        {
            Presence = wanted,
            IdleSince = wanted == Presence.Available && op.Presence != Presence.Available ? now : op.IdleSince,
        });
        if (wanted != Presence.Available && state.PendingOfferId is { } offerId)
            await dispatcher.WithdrawOfferAsync(offerId, declinedBy: null);
        await events.RoutingChangedAsync();
        dispatcher.Nudge();
        return state;
    }

    /// <summary>
    /// The operator marks themselves as interpreter tier (or not): among operators who do not speak a session's own
    /// language, they are offered it first once it fell back to a language they speak (Routing/LanguageFallback).
    /// </summary>
    public async Task<OperatorState> SetInterpreterAsync(string operatorId, bool interpreter)
    {
        var state = await Mutate(operatorId, null, op => op with { Interpreter = interpreter });
        dispatcher.Nudge();
        return state;
    }

    public async Task<SessionView> AcceptAsync(string operatorId, string? offerId)
    {
        if (string.IsNullOrWhiteSpace(offerId))
            throw DomainException.BadRequest(ErrorCodes.BadOfferId, "offerId is required.");
        var session = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var now = clock.GetCurrentInstant();
            var offer = await store.GetOfferAsync(offerId);
            if (offer is null || offer.OperatorId != operatorId)
                throw DomainException.Conflict(ErrorCodes.OfferGone, "The offer has expired or was taken by someone else.");
            if (offer.ExpiresAt <= now)
                throw DomainException.Conflict(ErrorCodes.OfferExpired, "The offer has expired.");
            var op = await store.GetOperatorAsync(operatorId) ?? throw NotSignedIn();
            var current = await store.GetSessionAsync(offer.SessionId)
                          ?? throw DomainException.Conflict(ErrorCodes.OfferGone, "The session of this offer no longer exists.");
            var accepted = current.AcceptedBy(offer.Id, op.Id, op.Name, now);
            var change = new RoutingChange()
                .Delete(offer)
                .Put(accepted)
                .Put(op with
                {
                    PendingOfferId = op.PendingOfferId == offer.Id ? null : op.PendingOfferId,
                    Work = [.. op.Work, new ActiveWork(accepted.Id, accepted.Channel)],
                    IdleSince = now,
                });
            return (change, accepted);
        });
        await events.OperatorJoinedAsync(session);
        await observers.AcceptedAsync(session);
        await events.RoutingChangedAsync();
        dispatcher.Nudge();
        return new SessionView(session, await messages.GetAsync(session.Id), 0, 0);
    }

    public async Task DeclineAsync(string operatorId, string? offerId)
    {
        if (string.IsNullOrWhiteSpace(offerId))
            throw DomainException.BadRequest(ErrorCodes.BadOfferId, "offerId is required.");
        var offer = await store.GetOfferAsync(offerId);
        if (offer is null || offer.OperatorId != operatorId)
            throw DomainException.Conflict(ErrorCodes.OfferGone, "The offer has expired or was taken by someone else.");
        await dispatcher.WithdrawOfferAsync(offerId, declinedBy: operatorId);
    }

    /// <summary>
    /// More time for a pending offer: it expires <see cref="ContactCentreOptions.OfferExtension"/> later, at most
    /// <see cref="ContactCentreOptions.OfferExtensionsAllowed"/> times per offer. Returns the offer as stored.
    /// </summary>
    public async Task<Offer> ExtendOfferAsync(string operatorId, string? offerId)
    {
        if (string.IsNullOrWhiteSpace(offerId))
            throw DomainException.BadRequest(ErrorCodes.BadOfferId, "offerId is required.");
        var extended = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var offer = await store.GetOfferAsync(offerId);
            if (offer is null || offer.OperatorId != operatorId || offer.ExpiresAt <= clock.GetCurrentInstant())
                throw DomainException.Conflict(ErrorCodes.OfferGone, "The offer has expired or was taken by someone else.");
            if (offer.ExtensionsLeft <= 0)
                throw DomainException.Conflict(ErrorCodes.ExtensionUsed, "This offer has already been given all the extra time it may have.");
            var later = offer with { ExpiresAt = offer.ExpiresAt + options.OfferExtension, ExtensionsLeft = offer.ExtensionsLeft - 1 };
            return (new RoutingChange().Put(later), later with { Version = later.Version + 1 });
        });
        await events.OfferExtendedAsync(extended);
        return extended;
    }

    public async Task<ChatMessage> SendAsync(string operatorId, string? sessionId, string? text, string? clientMessageId)
    {
        var body = MessageRules.ValidateText(text);
        var cmid = MessageRules.ValidateClientMessageId(clientMessageId);
        var session = await OwnedAsync(operatorId, sessionId);
        var now = clock.GetCurrentInstant();
        var appending = messages.AppendAsync(CitizenService.NewMessage(session.Id, Senders.Operator, body, cmid, now, operatorId));
        var reading = store.GetOperatorAsync(operatorId); // the echo to the operator's other consoles (see CitizenService.SendAsync)
        var (message, duplicate) = await appending.ObservingOnFailure(reading);
        var connections = (await reading)?.Connections;
        if (duplicate)
        {
            // A retry: its first push may never have left the node (see CitizenService.SendAsync); clients show it once.
            await events.MessageAsync(session, message, connections);
            return message;
        }
        var first = session.FirstOperatorReplyAt is null;
        if (first)
        {
            session = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
            {
                var current = await OwnedAsync(operatorId, sessionId);
                if (current.FirstOperatorReplyAt is not null) return (new RoutingChange(), current);
                var replied = current with { FirstOperatorReplyAt = message.SentAt };
                return (new RoutingChange().Put(replied), replied);
            });
        }
        await events.MessageAsync(session, message, connections);
        if (first && session.FirstOperatorReplyAt == message.SentAt) await observers.FirstReplyAsync(session);
        return message;
    }

    public async Task TypingAsync(string operatorId, string? sessionId, bool isTyping)
    {
        var session = await OwnedAsync(operatorId, sessionId);
        await events.TypingAsync(session, Senders.Operator, isTyping);
    }

    /// <summary>Back to a queue (or "senior" for the senior tier); the session keeps its ticket and history.</summary>
    public async Task<Session> TransferAsync(string operatorId, string? sessionId, string? queue)
    {
        var toSenior = queue == QueueCatalog.SeniorTier;
        if (!toSenior && !QueueCatalog.IsKnown(queue))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, $"Unknown queue '{queue}'. Valid: 101, 102, 103, 104, senior.");
        var moved = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var now = clock.GetCurrentInstant();
            var session = await OwnedAsync(operatorId, sessionId);
            // A call with the citizen (chat to voice) is bridged to this operator: it cannot follow the chat to a queue.
            if (session.Voice is { IsOpen: true })
                throw DomainException.Conflict(ErrorCodes.CallInProgress,
                    "A call with the citizen is asked for or going on in this conversation: end the call before transferring it.");
            var op = await store.GetOperatorAsync(operatorId) ?? throw NotSignedIn();
            var requeued = session.Requeued(toSenior ? session.Queue : queue!, toSenior, now);
            var change = new RoutingChange()
                .Put(requeued)
                .Put(op with { Work = op.Work.Where(w => w.SessionId != session.Id).ToList(), IdleSince = now });
            return (change, requeued);
        });
        await dispatcher.SystemMessageAsync(moved, SystemTexts.Transferred(moved.Language, toSenior ? QueueCatalog.SeniorTier : moved.Queue));
        await events.SessionRequeuedAsync(moved, operatorId);
        await observers.QueuedAsync(moved);
        dispatcher.Nudge();
        return moved;
    }

    /// <summary>
    /// The operator marks their session critical (the account's security is at stake): it goes ahead of others if it
    /// returns to a queue, and holiday emergency hours apply to it. Marking twice changes nothing.
    /// </summary>
    public async Task<Session> MarkCriticalAsync(string operatorId, string? sessionId) =>
        await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var session = await OwnedAsync(operatorId, sessionId);
            if (session.Critical) return (new RoutingChange(), session);
            var marked = session.MarkedCritical();
            return (new RoutingChange().Put(marked), marked);
        });

    public async Task<Session> CloseAsync(string operatorId, string? sessionId, string? resolution)
    {
        if (resolution is { Length: > 2000 })
            throw DomainException.BadRequest(ErrorCodes.ResolutionTooLong, "The resolution is longer than 2000 characters.");
        var closed = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var now = clock.GetCurrentInstant();
            var session = await OwnedAsync(operatorId, sessionId);
            var op = await store.GetOperatorAsync(operatorId) ?? throw NotSignedIn();
            var result = session.Closed("operator", string.IsNullOrWhiteSpace(resolution) ? null : resolution.Trim(), now);
            var change = new RoutingChange()
                .Put(result)
                .Put(op with { Work = op.Work.Where(w => w.SessionId != session.Id).ToList(), IdleSince = now });
            if (session.AssignedAt is { } assigned) change.HandleTimes.Add((session.Queue, (int)(now - assigned).TotalSeconds));
            return (change, result);
        });
        await events.SessionClosedAsync(closed, operatorId);
        await observers.ClosedAsync(closed);
        dispatcher.Nudge();
        return closed;
    }

    /// <summary>
    /// Everything a console needs after a reload: the operator's state, each session they work on with its
    /// history, and the pending offer with its session (an offer or session gone meanwhile is left out).
    /// </summary>
    public async Task<OperatorView> StateAsync(string operatorId)
    {
        var op = await store.GetOperatorAsync(operatorId) ?? throw NotSignedIn();
        var sessions = new List<SessionView>();
        foreach (var session in await store.GetSessionsAsync(op.Work.Select(w => w.SessionId)))
            sessions.Add(new SessionView(session, await messages.GetAsync(session.Id), 0, 0));
        OfferView? offer = null;
        if (op.PendingOfferId is { } offerId && await store.GetOfferAsync(offerId) is { } pending
            && await store.GetSessionAsync(pending.SessionId) is { } offered)
            offer = new OfferView(pending, offered);
        return new OperatorView(op, sessions, offer);
    }

    /// <summary>
    /// A session the operator may read: any session for a supervisor, otherwise only the operator's own active one.
    /// </summary>
    public async Task<Session> ReadableAsync(string operatorId, bool supervisor, string? sessionId)
    {
        if (!supervisor) return await OwnedAsync(operatorId, sessionId);
        if (string.IsNullOrWhiteSpace(sessionId))
            throw DomainException.BadRequest(ErrorCodes.BadSessionId, "sessionId is required.");
        return await store.GetSessionAsync(sessionId)
               ?? throw DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");
    }

    /// <summary>
    /// The messages of a session after <paramref name="afterSeq"/>, for a console catching up after a gap (a reconnect, or
    /// the server's Resync): for the operator the session is assigned to, also once it is closed (the last words before a
    /// close are not lost), and for a supervisor any session. A session that went back to a queue is no longer its former
    /// operator's (<c>not_your_session</c>).
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> MessagesAfterAsync(string operatorId, bool supervisor, string? sessionId, long afterSeq)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
            throw DomainException.BadRequest(ErrorCodes.BadSessionId, "sessionId is required.");
        var session = await store.GetSessionAsync(sessionId)
                      ?? throw DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");
        if (!supervisor && session.OperatorId != operatorId)
            throw DomainException.Forbidden(ErrorCodes.NotYourSession, "This session is not assigned to you.");
        return await messages.GetAsync(session.Id, Math.Max(0, afterSeq));
    }

    /// <summary>The operator's active session, or a refusal that says why not.</summary>
    public async Task<Session> OwnedAsync(string operatorId, string? sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
            throw DomainException.BadRequest(ErrorCodes.BadSessionId, "sessionId is required.");
        var session = await store.GetSessionAsync(sessionId)
                      ?? throw DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");
        if (session.OperatorId != operatorId || session.State != SessionState.Active)
            throw DomainException.Forbidden(ErrorCodes.NotYourSession, "This session is not assigned to you.");
        return session;
    }

    private async Task<OperatorState> Mutate(string operatorId, OperatorAccount? account, Func<OperatorState, OperatorState> change) =>
        await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var current = await store.GetOperatorAsync(operatorId);
            if (current is null && account is null) throw NotSignedIn();
            var baseState = current is null ? OperatorState.FromAccount(account!, clock.GetCurrentInstant())
                : account is null ? current : current.WithAccount(account);
            var next = change(baseState);
            return (new RoutingChange().Put(next), next);
        });

    private static DomainException NotSignedIn() =>
        DomainException.Conflict(ErrorCodes.NotConnected, "The operator is not connected.");
}
