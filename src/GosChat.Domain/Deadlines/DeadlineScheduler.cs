using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Watches deadlines with durable jobs, one at a time per deadline: starting it schedules its warning job (at
/// <see cref="DeadlineOptions.WarnAt"/> of its length), and the warning, when it runs on a deadline still open,
/// schedules the breach job (at its due time; <see cref="DeadlineWarningHandler"/>). A deadline met before its warning
/// (most first replies) so never creates a breach job, and a start creates half the jobs. Ids derive from the session
/// and the deadline, so starting again replaces the warning and takes back a breach job a previous start's warning
/// left, and stopping cancels both, on any node. <see cref="DeadlineTiming"/> says when they fall due (the
/// call-answer deadline in the phone line's working time). Hangfire decides when they wake; the handlers decide what
/// is left to do.
/// </summary>
public sealed class DeadlineScheduler(IJobScheduler jobs, DeadlineTiming timing) : IDeadlineScheduler
{
    /// <summary>Every deadline in wall time (no phone calendar): for tools and tests.</summary>
    public DeadlineScheduler(IJobScheduler jobs, DeadlineOptions options) : this(jobs, new DeadlineTiming(options))
    {
    }

    public async Task StartAsync(Session session, DeadlineKind kind, Instant startedAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (warnAt, dueAt) = timing.For(session, kind, startedAt);
        var payload = DeadlineJobs.Serialize(new DeadlineJobPayload(session.Id, kind, startedAt, dueAt));
        // Independent of each other: both in one round trip's time.
        await Task.WhenAll(
            jobs.ScheduleAsync(new DelayedJob(DeadlineJobs.WarningId(session.Id, kind), DeadlineJobs.WarningType, payload, warnAt)),
            jobs.CancelAsync(DeadlineJobs.BreachId(session.Id, kind)));
    }

    public async Task StopAsync(string sessionId, DeadlineKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await Task.WhenAll(
            jobs.CancelAsync(DeadlineJobs.WarningId(sessionId, kind)),
            jobs.CancelAsync(DeadlineJobs.BreachId(sessionId, kind)));
    }
}
