using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// Counts each step of a session's life into its queue's 5-minute bucket: entering the queue, being answered
/// (and how long it waited), the first reply (how long it took, and whether within the first-reply deadline),
/// and the close (handled or abandoned).
/// </summary>
public sealed class StatisticsRecorder(IStatisticsStore store, IClock clock, Duration firstReplyDeadline) : ISessionObserver
{
    public Task QueuedAsync(Session session) =>
        store.IncrementAsync(session.Queue, StatsBuckets.Of(clock.GetCurrentInstant()), new Dictionary<string, long> { [StatsCounters.Queued] = 1 });

    public Task AcceptedAsync(Session session)
    {
        var at = session.AssignedAt ?? clock.GetCurrentInstant();
        return store.IncrementAsync(session.Queue, StatsBuckets.Of(at), new Dictionary<string, long>
        {
            [StatsCounters.Answered] = 1,
            [StatsCounters.WaitSeconds] = Seconds(at - session.QueuedAt),
        });
    }

    public Task FirstReplyAsync(Session session)
    {
        var at = session.FirstOperatorReplyAt ?? clock.GetCurrentInstant();
        var took = at - session.QueuedAt;
        return store.IncrementAsync(session.Queue, StatsBuckets.Of(at), new Dictionary<string, long>
        {
            [StatsCounters.FirstReplies] = 1,
            [StatsCounters.FirstReplySeconds] = Seconds(took),
            [StatsCounters.FirstRepliesInTime] = took <= firstReplyDeadline ? 1 : 0,
        });
    }

    public Task ClosedAsync(Session session)
    {
        var at = session.ClosedAt ?? clock.GetCurrentInstant();
        var amounts = session.AssignedAt is { } assigned
            ? new Dictionary<string, long> { [StatsCounters.Handled] = 1, [StatsCounters.HandleSeconds] = Seconds(at - assigned) }
            : new Dictionary<string, long> { [StatsCounters.Abandoned] = 1 };
        return store.IncrementAsync(session.Queue, StatsBuckets.Of(at), amounts);
    }

    private static long Seconds(Duration d) => Math.Max(0, (long)Math.Round(d.TotalSeconds));
}
