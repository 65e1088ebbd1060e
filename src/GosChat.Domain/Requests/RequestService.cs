using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// Requests: opened by an operator from a chat or call, followed up by operators (status, notes, answers), looked up by
/// citizens with ticket and access code. Deadlines count working time on the request's queue's calendar.
/// </summary>
public sealed class RequestService(
    IRequestStore store,
    OperatorService operators,
    IClock clock,
    Func<string, WorkingHoursSchedule> scheduleOf,
    IEnumerable<IRequestObserver>? observers = null)
{
    public const int MaxTextLength = 4000;
    private const int MaxAttempts = 5;
    private readonly IReadOnlyList<IRequestObserver> _observers = [.. observers ?? []];

    /// <summary>The working-time calendar of <paramref name="queue"/>.</summary>
    public WorkingTimeCalculator CalendarOf(string queue) => new(scheduleOf(queue));

    /// <summary>
    /// Opens a request from a session the operator holds (a supervisor: any session). Answers the stored request and
    /// its access code, which is not kept anywhere else. One request per session: a second is <c>request_exists</c>.
    /// </summary>
    public async Task<(ServiceRequest Request, string AccessCode)> OpenAsync(
        string operatorId, bool supervisor, string? sessionId, string? kind, string? deadlineClass, string? note)
    {
        var requestKind = ParseKind(kind);
        var deadline = DeadlineClass.Parse(deadlineClass);
        var text = note is null ? null : CheckText(note);
        var session = await operators.ReadableAsync(operatorId, supervisor, sessionId);
        var now = clock.GetCurrentInstant();
        var code = AccessCode.New();
        var request = ServiceRequest.Open(session, requestKind ?? session.Kind, deadline, operatorId, AccessCode.Hash(code), now,
            deadline.DueAt(CalendarOf(session.Queue), now));
        if (text is not null) request = request.WithNote(operatorId, text, now);
        if (!await store.SaveAsync(request))
            throw DomainException.Conflict(ErrorCodes.RequestExists, "A request has already been opened from this conversation.");
        var stored = request with { Version = request.Version + 1 };
        foreach (var observer in _observers) await observer.OpenedAsync(stored, session.Id, code);
        return (stored, code);
    }

    /// <summary>For operators: the card by ticket (any queue: requests are continued by whoever the citizen reaches).</summary>
    public async Task<ServiceRequest> GetAsync(string? ticket)
    {
        if (!Ticket.IsValid(ticket)) throw DomainException.BadRequest(ErrorCodes.BadTicket, "ticket must be 9 digits, the first 1, 2 or 3.");
        return await store.GetAsync(ticket!) ?? throw NotFound();
    }

    /// <summary>For citizens: the request when <paramref name="accessCode"/> is its code; null for a wrong or missing code or an unknown ticket alike.</summary>
    public async Task<ServiceRequest?> LookupAsync(string? ticket, string? accessCode)
    {
        if (!Ticket.IsValid(ticket) || string.IsNullOrWhiteSpace(accessCode) || accessCode.Length > 64) return null;
        var request = await store.GetAsync(ticket!);
        return request is not null && AccessCode.Matches(accessCode, request.AccessCodeHash) ? request : null;
    }

    public async Task<ServiceRequest> SetStatusAsync(string operatorId, string? ticket, string? status)
    {
        var to = RequestStatuses.Parse(status);
        var changed = await MutateAsync(ticket, r => r.Moved(to, operatorId, clock.GetCurrentInstant()).TakenOnBy(operatorId));
        foreach (var observer in _observers) await observer.StatusChangedAsync(changed);
        return changed;
    }

    public async Task<ServiceRequest> AddNoteAsync(string operatorId, string? ticket, string? text)
    {
        var checkedText = CheckText(text);
        return await MutateAsync(ticket, r => r.WithNote(operatorId, checkedText, clock.GetCurrentInstant()));
    }

    public async Task<ServiceRequest> AddAnswerAsync(string operatorId, string? ticket, string? text)
    {
        var checkedText = CheckText(text);
        var answered = await MutateAsync(ticket, r => r.WithAnswer(operatorId, checkedText, clock.GetCurrentInstant()).TakenOnBy(operatorId));
        foreach (var observer in _observers) await observer.AnsweredAsync(answered);
        return answered;
    }

    /// <summary>
    /// The citizen's reply, authorised by ticket and access code like <see cref="LookupAsync"/> (a wrong code is the same
    /// <c>request_not_found</c> as an unknown ticket): stored on the card, and the request goes back to in progress.
    /// Only a request waiting for the citizen takes one (<c>request_not_waiting</c>); nothing changes otherwise.
    /// </summary>
    public async Task<ServiceRequest> ReplyAsync(string? ticket, string? accessCode, string? text)
    {
        if (await LookupAsync(ticket, accessCode) is null)
            throw DomainException.NotFound(ErrorCodes.RequestNotFound, "No request with this ticket and access code is known.");
        var checkedText = CheckText(text);
        var replied = await MutateAsync(ticket, r => r.WithCitizenReply(checkedText, clock.GetCurrentInstant()));
        foreach (var observer in _observers) await observer.CitizenRepliedAsync(replied);
        return replied;
    }

    /// <summary>Lists a stored file on the card (<see cref="RequestAttachments"/> checks who may and stores the bytes first).</summary>
    internal Task<ServiceRequest> ListFileAsync(string ticket, RequestAttachment attachment) =>
        MutateAsync(ticket, r => r.WithAttachment(attachment));

    /// <summary>Links a further chat or call to the request (the citizen came back with the ticket).</summary>
    public Task<ServiceRequest> LinkAsync(string? ticket, string sessionId) => MutateAsync(ticket, r => r.Linked(sessionId));

    /// <summary>
    /// An operator links a chat or call they hold (a supervisor: any) to the request found by ticket: the session joins the
    /// card's sessions. <c>not_your_session</c> / <c>session_not_found</c> for the session, <c>bad_ticket</c> /
    /// <c>request_not_found</c> for the ticket; nothing changes on an error.
    /// </summary>
    public async Task<ServiceRequest> LinkChatAsync(string operatorId, bool supervisor, string? sessionId, string? ticket)
    {
        await GetAsync(ticket);
        var session = await operators.ReadableAsync(operatorId, supervisor, sessionId);
        return await LinkAsync(ticket, session.Id);
    }

    /// <summary>
    /// A chat the citizen started with the request's ticket (its code already checked by <see cref="RequestChats"/>): linked,
    /// and a request waiting on them is in progress again — the assignee is told and the reminder cancelled as for a reply.
    /// </summary>
    internal async Task<ServiceRequest> ContinueInChatAsync(string ticket, string sessionId)
    {
        var before = await GetAsync(ticket);
        var continued = await MutateAsync(ticket, r => r.ContinuedInChat(sessionId, clock.GetCurrentInstant()));
        if (before.Status == RequestStatus.WaitingForCitizen && continued.Status == RequestStatus.InProgress)
            foreach (var observer in _observers) await observer.CitizenRepliedAsync(continued);
        return continued;
    }

    private async Task<ServiceRequest> MutateAsync(string? ticket, Func<ServiceRequest, ServiceRequest> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(ticket);
            var next = change(current);
            if (ReferenceEquals(next, current)) return current;
            if (await store.SaveAsync(next)) return next with { Version = next.Version + 1 };
            if (attempt >= MaxAttempts)
                throw DomainException.Conflict(ErrorCodes.Contention, "The request changed too often while applying the change; please retry.");
        }
    }

    internal static string CheckText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw DomainException.BadRequest(ErrorCodes.EmptyText, "The text is empty.");
        var trimmed = text.Trim();
        if (trimmed.Length > MaxTextLength)
            throw DomainException.BadRequest(ErrorCodes.TextTooLong, $"The text is longer than {MaxTextLength} characters.");
        return trimmed;
    }

    internal static RequestKind? ParseKind(string? kind) => kind switch
    {
        null => null,
        "question" => RequestKind.Question,
        "complaint" => RequestKind.Complaint,
        "application" => RequestKind.Application,
        _ => throw DomainException.BadRequest(ErrorCodes.UnknownKind, $"Unknown kind '{kind}'. Valid: question, complaint, application."),
    };

    private static DomainException NotFound() => DomainException.NotFound(ErrorCodes.RequestNotFound, "No request with this ticket is known.");
}
