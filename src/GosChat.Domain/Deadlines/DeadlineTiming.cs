using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>When a started deadline warns and falls due.</summary>
public readonly record struct DeadlineTimes(Instant WarnAt, Instant DueAt);

/// <summary>
/// Turns a deadline's length into its warning and due instants. The call-answer deadline ("answered within 5 minutes
/// in working hours", SERVICE-RULES.md) counts working time on the queue's phone schedule and calendar: a call queued
/// at 19:58 with phone hours ending at 20:00 is due 3 minutes after the next opening. A call started while the phone
/// schedule is closed to ordinary calls (a critical call taken in emergency mode on a holiday) counts wall time, since
/// it is answered then. Chat deadlines and the overload confirmation count wall time.
/// </summary>
public sealed class DeadlineTiming(DeadlineOptions options, Func<string, WorkingHoursSchedule>? phoneScheduleOf = null)
{
    /// <summary>True for the deadlines counted in the phone line's working hours.</summary>
    public static bool CountsWorkingTime(DeadlineKind kind) => kind == DeadlineKind.Answer;

    public DeadlineTimes For(Session session, DeadlineKind kind, Instant startedAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        var length = options.For(session.Queue, kind, session.Critical);
        if (CountsWorkingTime(kind) && phoneScheduleOf?.Invoke(session.Queue) is { } schedule && schedule.IsOpen(startedAt))
        {
            var calendar = new WorkingTimeCalculator(schedule);
            return new DeadlineTimes(calendar.AddWorkingTime(startedAt, options.WarnAfter(length)), calendar.AddWorkingTime(startedAt, length));
        }
        return new DeadlineTimes(options.WarningAt(startedAt, length), startedAt + length);
    }
}
