using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Engine;

/// <summary>What a citizen (or a caller, through the telephony side) can do with their session.</summary>
public sealed class CitizenService(
    IRoutingStore store,
    IMessageStore messages,
    ITicketSequence tickets,
    ITopicRouter topics,
    IWorkingHours hours,
    IContactCentreEvents events,
    IClock clock,
    ContactCentreOptions options,
    QueueMetrics metrics,
    Dispatcher dispatcher,
    SessionObservers observers,
    Citizens.CitizenIdentities identities)
{
    public async Task<StartResult> StartAsync(StartRequest request)
    {
        // A session that continues a ticket (a booked callback, a caller who keyed one) is of the ticket's kind unless told.
        var kind = request.Kind is null && Ticket.IsValid(request.Ticket) ? RequestKinds.OfTicket(request.Ticket!) : ParseKind(request.Kind);
        var language = request.Language ?? Languages.Russian;
        if (!Languages.IsKnown(language))
            throw DomainException.BadRequest(ErrorCodes.UnknownLanguage, $"Unknown language '{language}'. Valid: ru, en, tt, ba.");
        if (request.Topic is not null && !QueueCatalog.IsKnown(request.Topic))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, $"Unknown topic '{request.Topic}'. Valid topics: 101, 102, 103, 104.");
        var text = string.IsNullOrWhiteSpace(request.Text) ? null : MessageRules.ValidateText(request.Text);
        var name = ContactDetails.Name(request.Name);
        var phone = ContactDetails.Phone(request.Phone);
        var email = ContactDetails.Email(request.Email);
        var queue = request.Topic ?? (text is null ? QueueCatalog.Default : topics.QueueFor(text));
        // Critical is never the citizen's to claim: the telephony side or an operator marks it, or the words do.
        var critical = request.Critical || (text is not null && topics.IsSecurityUrgent(text));

        var now = clock.GetCurrentInstant();
        var historyKey = identities.HistoryKeyFor(request, now);
        var open = request.OpenByLine ?? hours.IsOpen(queue, request.Channel, language, critical, now);
        if (request.Ticket is not null && !Sessions.Ticket.IsValid(request.Ticket))
            throw DomainException.BadRequest(ErrorCodes.BadTicket, "The ticket number is not valid.");
        var ticket = request.Ticket ?? Ticket.Format(kind, await tickets.NextAsync());
        var session = new Session
        {
            Id = Dispatcher.NewId(),
            Ticket = ticket,
            Queue = queue,
            Channel = request.Channel,
            Kind = kind,
            Language = language,
            State = open ? SessionState.Queued : SessionState.Deferred,
            Priority = critical ? Priorities.Critical : Priorities.Normal,
            Critical = critical,
            CreatedAt = now,
            QueuedAt = now,
            OrderAt = now,
            CitizenName = name,
            Phone = phone,
            Email = email,
            Preview = text is null ? null : text.Length <= 140 ? text : text[..140] + "…",
            CallId = request.CallId,
            HistoryKey = historyKey,
            RequestTicket = request.RequestTicket,
            CitizenNodes = request.FromConnection ? [options.NodeId] : [],
        };
        var token = ResumeTokens.New();
        var change = new RoutingChange().Put(session);
        change.ResumeTokens.Add((ResumeTokens.Hash(token), session.Id));
        if (request.CallId is not null) change.CallIds.Add((request.CallId, session.Id));
        if (!await store.CommitAsync(change))
            throw DomainException.Conflict(ErrorCodes.Contention, "The session could not be stored; please retry.");
        session = session with { Version = 1 };

        // The first message is stored before anyone can be offered the session, so the operator who accepts it reads it.
        if (text is not null)
            await messages.AppendAsync(NewMessage(session.Id, Senders.Citizen, text, "start", now));
        RoutingSnapshot? routed = null;
        if (!open)
        {
            await dispatcher.SystemMessageAsync(session, SystemTexts.Deferred(language));
            await observers.StartedAsync(session);
        }
        else
        {
            // Offer first, then the bookkeeping (history, personal-data index) and the clocks: scheduling deadlines
            // (durable jobs) must not delay the offer, so the dispatch pass runs here, before them, rather than beside
            // them on another thread, where on a busy node it would share the core with their writes. A pass never
            // throws (a failed one is reported and the next tries again). A deadline job that lands after the session
            // was already answered finds that out when it runs.
            routed = await dispatcher.PassAsync();
            // The offer is written; its socket send is queued on the thread pool. Let it go before the writes below.
            await Task.Yield();
            await observers.StartedAsync(session);
            await observers.QueuedAsync(session);
        }

        // The pass began after the commit above: its state places the session without another read.
        var place = routed is not null ? dispatcher.PlaceOf(routed, session.Id) : await PlaceAsync(session);
        return new StartResult(session, token, place.Position, place.EstimatedWaitSeconds);
    }

    /// <summary>When a deferred session's queue opens for it; null for a session that is not deferred (or a queue that never opens).</summary>
    public Instant? NextOpening(Session session) => session.State == SessionState.Deferred
        ? hours.NextOpening(session.Queue, session.Channel, session.Language, session.Critical, clock.GetCurrentInstant())
        : null;

    /// <summary>The session's messages after sequence number <paramref name="afterSeq"/> (0 for all), to fill a gap.</summary>
    public Task<IReadOnlyList<ChatMessage>> MessagesAfterAsync(string sessionId, long afterSeq) =>
        messages.GetAsync(sessionId, Math.Max(0, afterSeq));

    public async Task<SessionView> ResumeAsync(string? resumeToken)
    {
        if (string.IsNullOrWhiteSpace(resumeToken) || resumeToken.Length > 200)
            throw DomainException.BadRequest(ErrorCodes.BadResumeToken, "The resume token is missing or malformed.");
        var sessionId = await store.FindSessionByResumeTokenAsync(ResumeTokens.Hash(resumeToken))
                        ?? throw ResumeNotFound();
        var view = await ViewAsync(sessionId);
        // A closed session's token works for a while (to read it and rate it), then answers like an unknown one.
        if (view.Session.ClosedAt is { } closedAt && clock.GetCurrentInstant() >= closedAt + options.ResumeAfterClose)
            throw ResumeNotFound();
        return view;
    }

    private static DomainException ResumeNotFound() =>
        DomainException.NotFound(ErrorCodes.SessionNotFound, "No session matches this resume token.");

    public async Task<SessionView> ViewAsync(string sessionId)
    {
        var session = await GetAsync(sessionId);
        var history = await messages.GetAsync(session.Id);
        var place = session.IsWaiting ? await PlaceAsync(session) : new QueuePlace(0, 0);
        return new SessionView(session, history, place.Position, place.EstimatedWaitSeconds);
    }

    /// <summary>
    /// Lists this node among those holding a citizen connection of the session (<see cref="Session.CitizenNodes"/>), before
    /// the connection is told it may expect events; nothing to do when it is listed already or the session is closed.
    /// </summary>
    public async Task AttachNodeAsync(Session session)
    {
        if (session.State == SessionState.Closed || session.CitizenNodes.Contains(options.NodeId)) return;
        await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var current = await GetAsync(session.Id);
            if (current.State == SessionState.Closed || current.CitizenNodes.Contains(options.NodeId)) return (new RoutingChange(), true);
            return (new RoutingChange().Put(current with { CitizenNodes = [.. current.CitizenNodes, options.NodeId] }), true);
        });
    }

    /// <summary>Takes this node off the session's list once its last citizen connection of the session has gone.</summary>
    public async Task DetachNodeAsync(string sessionId)
    {
        await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var current = await store.GetSessionAsync(sessionId);
            if (current is null || current.State == SessionState.Closed || !current.CitizenNodes.Contains(options.NodeId))
                return (new RoutingChange(), true);
            return (new RoutingChange().Put(current with { CitizenNodes = current.CitizenNodes.Where(n => n != options.NodeId).ToList() }), true);
        });
    }

    public async Task<ChatMessage> SendAsync(string sessionId, string? text, string? clientMessageId)
    {
        var body = MessageRules.ValidateText(text);
        var cmid = MessageRules.ValidateClientMessageId(clientMessageId);
        var session = await GetAsync(sessionId);
        if (session.State == SessionState.Closed)
        {
            // A retry of a message stored before the close still gets its first answer.
            var earlier = (await messages.GetAsync(session.Id)).FirstOrDefault(m => m.From == Senders.Citizen && m.ClientMessageId == cmid);
            return earlier ?? throw DomainException.Conflict(ErrorCodes.SessionClosed, "The session is closed; start a new one to write again.");
        }
        // The append and the read of the operator's connections leave together (one round trip on Redis); the read
        // comes after the append, so a console that registers later finds the message in its first state.
        var appending = messages.AppendAsync(NewMessage(session.Id, Senders.Citizen, body, cmid, clock.GetCurrentInstant()));
        var reading = session is { State: SessionState.Active, OperatorId: { } operatorId } ? store.GetOperatorAsync(operatorId) : null;
        var (message, _) = await appending.ObservingOnFailure(reading);
        var connections = reading is null ? null : (await reading)?.Connections;
        // Pushed again on a retry: the sender retries when it got no answer, which may mean the push never left this node
        // (Redis went away between the store and the publish). Clients show a message once whatever its pushes.
        await events.MessageAsync(session, message, connections);
        return message;
    }

    public async Task TypingAsync(string sessionId, bool isTyping)
    {
        var session = await GetAsync(sessionId);
        if (session.State != SessionState.Closed) await events.TypingAsync(session, Senders.Citizen, isTyping);
    }

    public async Task<Session> CloseAsync(string sessionId, string reason = "citizen")
    {
        var (closed, offer, operatorId) = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var change = new RoutingChange();
            var session = await GetAsync(sessionId);
            var now = clock.GetCurrentInstant();
            var result = session.Closed(reason, null, now);
            change.Put(result);
            Offer? offer = null;
            string? operatorId = session.OperatorId;
            if (session is { State: SessionState.Offered, OfferId: { } offerId } && await store.GetOfferAsync(offerId) is { } o)
            {
                offer = o;
                change.Delete(o);
                if (await store.GetOperatorAsync(o.OperatorId) is { } offered && offered.PendingOfferId == o.Id)
                    change.Put(offered with { PendingOfferId = null });
            }
            if (session is { State: SessionState.Active, OperatorId: { } opId } && await store.GetOperatorAsync(opId) is { } op)
            {
                change.Put(op with { Work = op.Work.Where(w => w.SessionId != session.Id).ToList(), IdleSince = now });
                if (session.AssignedAt is { } assigned) change.HandleTimes.Add((session.Queue, (int)(now - assigned).TotalSeconds));
            }
            return (change, (result, offer, operatorId));
        });
        if (offer is not null) await events.OfferRevokedAsync(offer.OperatorId, offer.Id);
        await events.SessionClosedAsync(closed, operatorId);
        await observers.ClosedAsync(closed);
        dispatcher.Nudge();
        return closed;
    }

    public async Task<Session> RateAsync(string sessionId, int score, string? comment)
    {
        if (comment is { Length: > 2000 })
            throw DomainException.BadRequest(ErrorCodes.CommentTooLong, "The comment is longer than 2000 characters.");
        var rated = await OptimisticCommit.RunAsync(store, options.MaxCommitAttempts, async () =>
        {
            var rated = (await GetAsync(sessionId)).Rated(score, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
            return (new RoutingChange().Put(rated), rated);
        });
        await observers.RatedAsync(rated);
        return rated;
    }

    private async Task<Session> GetAsync(string sessionId) =>
        await store.GetSessionAsync(sessionId) ?? throw DomainException.NotFound(ErrorCodes.SessionNotFound, "The session does not exist.");

    private readonly SnapshotBatcher _snapshots = new(store);

    private async Task<QueuePlace> PlaceAsync(Session session)
    {
        var snapshot = await _snapshots.LoadAsync();
        return metrics.PlaceOf(snapshot, session.Id);
    }

    internal static ChatMessage NewMessage(string sessionId, string from, string text, string? clientMessageId, Instant now, string? authorId = null) => new()
    {
        MessageId = Dispatcher.NewId(),
        SessionId = sessionId,
        From = from,
        Text = text,
        SentAt = now,
        ClientMessageId = clientMessageId,
        AuthorId = authorId,
    };

    private static RequestKind ParseKind(string? kind) => kind switch
    {
        null or "question" => RequestKind.Question,
        "complaint" => RequestKind.Complaint,
        "application" => RequestKind.Application,
        _ => throw DomainException.BadRequest(ErrorCodes.UnknownKind, $"Unknown kind '{kind}'. Valid: question, complaint, application."),
    };
}
