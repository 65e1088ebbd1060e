using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>Runs <see cref="RequestJobs.WarningType"/>: tells the assignee the deadline is near, unless the request is settled or gone.</summary>
public sealed class RequestWarningHandler(IRequestStore store, IRequestDeadlineNotifier notifier) : IJobHandler
{
    public string Kind => RequestJobs.WarningType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var payload = RequestJobs.Deserialize(job.Payload);
        var request = await store.GetAsync(payload.Ticket);
        if (request is null || request.IsFinal || request.BreachedAt is not null) return;
        await notifier.WarningAsync(request);
    }
}

/// <summary>
/// Runs <see cref="RequestJobs.BreachType"/>: a request not resolved or declined by its due instant is escalated — the
/// supervisors are told (<c>DeadlineBreached</c>, the chat deadlines' event) and the breach is recorded on the card.
/// At least once: a run that dies between telling and recording tells again with the same breach id, which consoles
/// show once; a run after the record does nothing.
/// </summary>
public sealed class RequestBreachHandler(IRequestStore store, IRequestDeadlineNotifier notifier, IClock clock) : IJobHandler
{
    public string Kind => RequestJobs.BreachType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var payload = RequestJobs.Deserialize(job.Payload);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var request = await store.GetAsync(payload.Ticket);
            var now = clock.GetCurrentInstant();
            if (request is null || request.IsFinal || request.BreachedAt is not null || now < request.DueAt) return;
            if (attempt == 0) await notifier.BreachedAsync(request, now);
            if (await store.SaveAsync(request with { BreachedAt = now })) return;
        }
        throw new InvalidOperationException("The request changed too often while its breach was being recorded; the job is retried.");
    }
}

/// <summary>
/// Runs <see cref="RequestJobs.ReminderType"/>: a request still waiting on the citizen <see cref="RequestFollowUpOptions.ReminderAfter"/>
/// after it started to reminds them (once per wait) through <see cref="RequestNotices"/>.
/// </summary>
public sealed class RequestReminderHandler(IRequestStore store, RequestNotices notices, IClock clock, RequestFollowUpOptions options) : IJobHandler
{
    public string Kind => RequestJobs.ReminderType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var payload = RequestJobs.Deserialize(job.Payload);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var request = await store.GetAsync(payload.Ticket);
            var now = clock.GetCurrentInstant();
            if (request is not { Status: RequestStatus.WaitingForCitizen }) return;
            if (now < request.StatusSince + options.ReminderAfter) return;
            if (request.RemindedAt is { } reminded && reminded >= request.StatusSince) return;
            // The reminder is recorded and its notice put on the card in one save, then sent by its own job.
            var (next, seq) = (request with { RemindedAt = now }).WithNotice(RequestNotices.ReminderPurpose, now);
            if (!await store.SaveAsync(next)) continue;
            if (seq is { } notice) await notices.ScheduleAsync(request.Ticket, notice);
            return;
        }
        throw new InvalidOperationException("The request changed too often while its reminder was being recorded; the job is retried.");
    }
}
