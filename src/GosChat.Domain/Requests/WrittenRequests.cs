using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>What a citizen writes in the widget's form to file a request without a chat.</summary>
public sealed record WrittenRequestInput(
    string? Topic, string? Kind, string? Text, string? Language, string? Name, string? Phone, string? Email);

/// <summary>
/// Written requests: a citizen who prefers not to wait (out of hours) files a request from the widget's form at once,
/// with no chat and no operator. It gets a ticket of its own (the kind digit and a new 8-digit sequence), the
/// <see cref="DeadlineClass.Form"/> deadline (48 working hours on the queue's calendar) and an access code; its text is
/// the citizen's first reply on the card, and it has no assignee until an operator takes it on.
/// </summary>
public sealed class WrittenRequests(
    IRequestStore store,
    ITicketSequence tickets,
    ITopicRouter topics,
    IClock clock,
    Func<string, WorkingHoursSchedule> scheduleOf,
    IEnumerable<IRequestObserver>? observers = null)
{
    private readonly IReadOnlyList<IRequestObserver> _observers = [.. observers ?? []];

    public async Task<(ServiceRequest Request, string AccessCode)> FileAsync(WrittenRequestInput input)
    {
        var kind = RequestService.ParseKind(input.Kind) ?? RequestKind.Question;
        var language = input.Language ?? Languages.Russian;
        if (!Languages.IsKnown(language))
            throw DomainException.BadRequest(ErrorCodes.UnknownLanguage, $"Unknown language '{language}'. Valid: ru, en, tt, ba.");
        if (input.Topic is not null && !QueueCatalog.IsKnown(input.Topic))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, $"Unknown topic '{input.Topic}'. Valid topics: 101, 102, 103, 104.");
        var text = RequestService.CheckText(input.Text);
        var name = ContactDetails.Name(input.Name);
        var phone = ContactDetails.Phone(input.Phone);
        var email = ContactDetails.Email(input.Email);
        if (phone is null && email is null)
            throw DomainException.BadRequest(ErrorCodes.ContactRequired, "A written request needs a phone or an e-mail to answer to.");
        var queue = input.Topic ?? topics.QueueFor(text);

        var now = clock.GetCurrentInstant();
        var code = AccessCode.New();
        var request = new ServiceRequest
        {
            Ticket = Ticket.Format(kind, await tickets.NextAsync()),
            Kind = kind,
            Queue = queue,
            History = [new StatusChange(RequestStatus.Received, ServiceRequest.CitizenAuthor, now)],
            Replies = [new RequestEntry(now, ServiceRequest.CitizenAuthor, text)],
            DeadlineClass = DeadlineClass.Form.Name,
            OpenedAt = now,
            DueAt = DeadlineClass.Form.DueAt(new WorkingTimeCalculator(scheduleOf(queue)), now),
            AssigneeId = ServiceRequest.NoAssignee,
            AccessCodeHash = AccessCode.Hash(code),
            Language = language,
            CitizenName = name,
            Phone = phone,
            Email = email,
        };
        if (!await store.SaveAsync(request))
            throw DomainException.Conflict(ErrorCodes.Contention, "The ticket number was taken; please retry.");
        var stored = request with { Version = 1 };
        foreach (var observer in _observers) await observer.OpenedAsync(stored, "", code);
        return (stored, code);
    }
}
