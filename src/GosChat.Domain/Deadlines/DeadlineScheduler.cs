using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Watches deadlines with durable jobs: each started deadline is a warning job (at <see cref="DeadlineOptions.WarnAt"/>
/// of its length) and a breach job (at its due time), with ids derived from the session and the deadline, so
/// starting again replaces both and stopping cancels both, on any node. <see cref="DeadlineTiming"/> says when they fall
/// due (the call-answer deadline in the phone line's working time). Hangfire decides when they wake; the
/// handlers decide what is left to do.
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
        // The two jobs are independent: schedule them in one round trip's time.
        await Task.WhenAll(
            jobs.ScheduleAsync(new DelayedJob(DeadlineJobs.WarningId(session.Id, kind), DeadlineJobs.WarningType, payload, warnAt)),
            jobs.ScheduleAsync(new DelayedJob(DeadlineJobs.BreachId(session.Id, kind), DeadlineJobs.BreachType, payload, dueAt)));
    }

    public async Task StopAsync(string sessionId, DeadlineKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await Task.WhenAll(
            jobs.CancelAsync(DeadlineJobs.WarningId(sessionId, kind)),
            jobs.CancelAsync(DeadlineJobs.BreachId(sessionId, kind)));
    }
}
