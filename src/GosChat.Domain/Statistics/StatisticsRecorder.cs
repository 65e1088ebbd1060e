using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// Counts each step of a session's life into its queue's 5-minute bucket: entering the queue, being answered
/// (and how long it waited), the first reply (how long it took, and whether within the first-reply deadline),
/// and the close (handled or abandoned). Calls are also counted apart (<c>call…</c> counters beside the totals), so the
/// staffing forecast can tell chats from calls. A failure to count never fails the citizen's or operator's command:
/// the step is already stored, and a missing count only dents a chart (it is reported through <see cref="Failed"/>).
/// </summary>
public sealed class StatisticsRecorder(IStatisticsStore store, IClock clock, Duration firstReplyDeadline) : ISessionObserver
{
    /// <summary>Raised when a count could not be stored.</summary>
    public event Action<Exception>? Failed;

    public Task QueuedAsync(Session session)
    {
        var amounts = new Dictionary<string, long> { [StatsCounters.Queued] = 1 };
        if (session.Channel == Channel.Call) amounts[StatsCounters.CallQueued] = 1;
        return CountAsync(session.Queue, clock.GetCurrentInstant(), amounts);
    }

    public Task AcceptedAsync(Session session)
    {
        var at = session.AssignedAt ?? clock.GetCurrentInstant();
        return CountAsync(session.Queue, at, new Dictionary<string, long>
        {
            [StatsCounters.Answered] = 1,
            [StatsCounters.WaitSeconds] = Seconds(at - session.QueuedAt),
        });
    }

    public Task FirstReplyAsync(Session session)
    {
        var at = session.FirstOperatorReplyAt ?? clock.GetCurrentInstant();
        var took = at - session.QueuedAt;
        return CountAsync(session.Queue, at, new Dictionary<string, long>
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
        if (session.Channel == Channel.Call && session.AssignedAt is { } answered)
        {
            amounts[StatsCounters.CallHandled] = 1;
            amounts[StatsCounters.CallHandleSeconds] = Seconds(at - answered);
        }
        return CountAsync(session.Queue, at, amounts);
    }

    private async Task CountAsync(string queue, Instant at, IReadOnlyDictionary<string, long> amounts)
    {
        try
        {
            await store.IncrementAsync(queue, StatsBuckets.Of(at), amounts);
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
        }
    }

    private static long Seconds(Duration d) => Math.Max(0, (long)Math.Round(d.TotalSeconds));
}
