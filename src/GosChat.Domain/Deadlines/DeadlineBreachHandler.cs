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
/// <para>
/// Announced at least once: the job is put in the <see cref="IAnnouncementOutbox"/> before the breach is recorded,
/// the breach is recorded as not yet announced, and only after the supervisors were told is it marked announced and
/// taken out of the outbox. A node that dies in between leaves the entry, which <see cref="BreachAnnouncer"/> on
/// another node retries after a grace period; clients drop a repeat by the breach id.
/// </para>
/// Runs only once the due time has come on the application clock (<see cref="JobDispatcher"/> checks), and is
/// idempotent: re-reads the session and does nothing when it is gone, closed or the deadline met; a second delivery
/// of the job (another node, a retry, a restart) finds the breach recorded and leaves its announcement to the
/// node that recorded it, or to the outbox's retry.
/// </summary>
public sealed class DeadlineBreachHandler(ContactCentre centre, IDeadlineNotifier notifier, IBreachLog breaches,
    IAnnouncementOutbox outbox, DateTimeZone zone) : IJobHandler
{
    public string Kind => DeadlineJobs.BreachType;

    public Task HandleAsync(DelayedJob job, CancellationToken ct) => RunAsync(job.Payload, retry: false);

    /// <summary>
    /// Handles the breach job <paramref name="payloadJson"/>; with <paramref name="retry"/> (an outbox entry left
    /// pending past its grace period) it also announces a breach recorded earlier and never marked announced.
    /// </summary>
    public async Task RunAsync(string payloadJson, bool retry)
    {
        var payload = DeadlineJobs.Deserialize(payloadJson);
        var first = await centre.Store.GetSessionAsync(payload.SessionId);
        if (first?.Breaches.FirstOrDefault(b => b.Kind == payload.Kind) is { } earlier)
        {
            if (earlier.Announced) await outbox.RemoveAsync(payloadJson);
            else if (retry) await AnnounceAsync(first, earlier, payloadJson);
            return;
        }
        if (first is null || DeadlineRules.IsSettled(first, payload.Kind))
        {
            await outbox.RemoveAsync(payloadJson);
            return;
        }

        await outbox.AddAsync(payloadJson, centre.Clock.GetCurrentInstant());
        await breaches.RecordAsync(first.Queue, payload.DueAt.InZone(zone).Date, DeadlineBreach.IdOf(first.Id, payload.Kind));

        var (session, breach) = await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var change = new Ports.RoutingChange();
            var current = await centre.Store.GetSessionAsync(payload.SessionId);
            if (current is null) return (change, ((Session?)null, (DeadlineBreach?)null));
            if (current.Breaches.Any(b => b.Kind == payload.Kind)) return (change, (current, (DeadlineBreach?)null));
            if (DeadlineRules.IsSettled(current, payload.Kind)) return (change, ((Session?)null, (DeadlineBreach?)null));
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
        if (session is null)
        {
            // Gone or settled before the breach was recorded: nothing to announce.
            await outbox.RemoveAsync(payloadJson);
            return;
        }
        // Recorded by a concurrent run: that run announces it (or, if it dies, the outbox's retry).
        if (breach is null) return;

        if (session is { State: SessionState.Offered, SeniorOnly: true, OfferId: { } offerId }
            && await centre.Store.GetOfferAsync(offerId) is { } offer
            && await centre.Store.GetOperatorAsync(offer.OperatorId) is { Senior: false })
            await centre.Dispatcher.WithdrawOfferAsync(offerId, declinedBy: null);
        else
            centre.Dispatcher.Nudge();

        await AnnounceAsync(session, breach, payloadJson);
    }

    /// <summary>Tells the supervisors, then marks the breach announced and takes it out of the outbox.</summary>
    private async Task AnnounceAsync(Session session, DeadlineBreach breach, string payloadJson)
    {
        await notifier.BreachedAsync(session, breach);
        await OptimisticCommit.RunAsync(centre.Store, centre.Options.MaxCommitAttempts, async () =>
        {
            var change = new Ports.RoutingChange();
            var current = await centre.Store.GetSessionAsync(session.Id);
            if (current is null) return (change, false);
            if (!current.Breaches.Any(b => b.Kind == breach.Kind && !b.Announced)) return (change, false);
            change.Put(current with { Breaches = [.. current.Breaches.Select(b => b.Kind == breach.Kind ? b with { Announced = true } : b)] });
            return (change, true);
        });
        await outbox.RemoveAsync(payloadJson);
    }
}
