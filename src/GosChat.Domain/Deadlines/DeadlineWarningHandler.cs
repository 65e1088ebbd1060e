using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Runs <see cref="DeadlineJobs.WarningType"/> jobs: schedules the deadline's breach check (<see cref="DeadlineJobs.Breach"/>),
/// then tells the operator holding the session (the one it is offered to, or assigned to) that the deadline is near,
/// or the supervisors when nobody holds it. Does nothing when the session is gone, closed, or the deadline already
/// met: such a deadline can no longer be missed, so it gets no breach job. The breach job is scheduled before the
/// warning goes out, so a run that fails after it has it in place; a second run (a retry, another node) replaces it
/// with the same job and repeats the warning at most (warnings are advice, not records).
/// </summary>
public sealed class DeadlineWarningHandler(ContactCentre centre, IDeadlineNotifier notifier, IJobScheduler jobs) : IJobHandler
{
    public string Kind => DeadlineJobs.WarningType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var payload = DeadlineJobs.Deserialize(job.Payload);
        var session = await centre.Store.GetSessionAsync(payload.SessionId);
        if (session is null || DeadlineRules.IsSettled(session, payload.Kind)) return;
        await jobs.ScheduleAsync(DeadlineJobs.Breach(payload));
        string? recipient = session.State switch
        {
            SessionState.Active => session.OperatorId,
            SessionState.Offered when session.OfferId is { } offerId => (await centre.Store.GetOfferAsync(offerId))?.OperatorId,
            _ => null,
        };
        await notifier.WarningAsync(session, payload.Kind, payload.DueAt, recipient);
    }
}
