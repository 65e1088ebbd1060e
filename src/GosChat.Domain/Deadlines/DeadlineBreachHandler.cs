using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Runs <see cref="DeadlineJobs.BreachType"/> jobs. When the deadline was missed: records the breach with the
/// session (once per deadline), raises its priority to <see cref="Priorities.Escalated"/>, and if nobody has
/// answered yet marks it senior-only and takes a pending offer back from a non-senior operator so the senior
/// tier gets it; counts the breach for the day (in <paramref name="zone"/>) and tells the supervisors.
/// Runs only once the due time has come on the application clock (<see cref="JobDispatcher"/> checks), and is
/// idempotent: re-reads the session and does nothing when it is gone, closed or the deadline met; a second run
/// (another node, a retry, a restart) after the breach is recorded neither records nor announces it again.
/// </summary>
public sealed class DeadlineBreachHandler(ContactCentre centre, IDeadlineNotifier notifier, IBreachLog breaches, DateTimeZone zone) : IJobHandler
{
    public string Kind => DeadlineJobs.BreachType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var payload = DeadlineJobs.Deserialize(job.Payload);
        var first = await centre.Store.GetSessionAsync(payload.SessionId);
        if (first is null || DeadlineRules.IsSettled(first, payload.Kind)) return;

        await breaches.RecordAsync(first.Queue, payload.DueAt.InZone(zone).Date, $"{first.Id}:{DeadlineNames.Of(payload.Kind)}");

        var (session, breach) = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var change = new Ports.RoutingChange();
            var current = await centre.Store.GetSessionAsync(payload.SessionId);
            if (current is null || DeadlineRules.IsSettled(current, payload.Kind)) return (change, ((Session?)null, (DeadlineBreach?)null));
            if (current.Breaches.Any(b => b.Kind == payload.Kind)) return (change, (current, (DeadlineBreach?)null));
            var now = centre.Clock.GetCurrentInstant();
            var late = now > payload.DueAt ? (long)Math.Floor((now - payload.DueAt).TotalSeconds) : 0;
            var recorded = new DeadlineBreach(payload.Kind, payload.DueAt, now, late);
            var escalated = current with
            {
                Breaches = [.. current.Breaches, recorded],
                Priority = Math.Max(current.Priority, Priorities.Escalated),
                SeniorOnly = current.SeniorOnly || DeadlineRules.IsUnanswered(current),
            };
            change.Put(escalated);
            return (change, ((Session?)escalated, (DeadlineBreach?)recorded));
        });
        if (session is null) return;

        if (session is { State: SessionState.Offered, SeniorOnly: true, OfferId: { } offerId }
            && await centre.Store.GetOfferAsync(offerId) is { } offer
            && await centre.Store.GetOperatorAsync(offer.OperatorId) is { Senior: false })
            await centre.Dispatcher.WithdrawOfferAsync(offerId, declinedBy: null);
        else
            centre.Dispatcher.Nudge();

        if (breach is not null) await notifier.BreachedAsync(session, breach);
    }
}
