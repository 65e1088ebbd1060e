using GosChat.Domain.Jobs;
using GosChat.Domain.Scheduling;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// Watches requests with durable jobs (<see cref="IJobScheduler"/>, Hangfire in the server): a warning when
/// <see cref="RequestFollowUpOptions.WarnAt"/> of the deadline's working time has passed, a breach check at the due
/// instant, and a reminder to the citizen when the request has waited on them <see cref="RequestFollowUpOptions.ReminderAfter"/>.
/// A final status cancels them all. The handlers re-read the request and decide what is left to do.
/// </summary>
public sealed class RequestFollowUp(IJobScheduler jobs, Func<string, WorkingTimeCalculator> calendarOf, RequestFollowUpOptions options) : IRequestObserver
{
    /// <summary>The instant at which <see cref="RequestFollowUpOptions.WarnAt"/> of the working time to its deadline has passed.</summary>
    public Instant WarningAt(ServiceRequest request)
    {
        var calendar = calendarOf(request.Queue);
        var length = calendar.WorkingTimeBetween(request.OpenedAt, request.DueAt);
        return calendar.AddWorkingTime(request.OpenedAt, Duration.FromMilliseconds(Math.Floor(length.TotalMilliseconds * options.WarnAt)));
    }

    public async Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode)
    {
        await jobs.ScheduleAsync(new DelayedJob(RequestJobs.WarningId(request.Ticket), RequestJobs.WarningType,
            RequestJobs.Serialize(new RequestJobPayload(request.Ticket, request.DueAt)), WarningAt(request)));
        await jobs.ScheduleAsync(new DelayedJob(RequestJobs.BreachId(request.Ticket), RequestJobs.BreachType,
            RequestJobs.Serialize(new RequestJobPayload(request.Ticket, request.DueAt)), request.DueAt));
    }

    /// <summary>A reply ends the wait: the reminder goes.</summary>
    public Task CitizenRepliedAsync(ServiceRequest request) => StatusChangedAsync(request);

    public async Task StatusChangedAsync(ServiceRequest request)
    {
        if (request.IsFinal)
        {
            await jobs.CancelAsync(RequestJobs.WarningId(request.Ticket));
            await jobs.CancelAsync(RequestJobs.BreachId(request.Ticket));
            await jobs.CancelAsync(RequestJobs.ReminderId(request.Ticket));
        }
        else if (request.Status == RequestStatus.WaitingForCitizen)
        {
            var at = request.StatusSince + options.ReminderAfter;
            await jobs.ScheduleAsync(new DelayedJob(RequestJobs.ReminderId(request.Ticket), RequestJobs.ReminderType,
                RequestJobs.Serialize(new RequestJobPayload(request.Ticket, at)), at));
        }
        else
        {
            await jobs.CancelAsync(RequestJobs.ReminderId(request.Ticket));
        }
    }
}
