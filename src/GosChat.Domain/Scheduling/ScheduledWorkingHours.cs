using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Working hours from the configured schedules: a queue takes a session when the schedule of the session's
/// channel is open (chat or phone; critical sessions also in emergency windows on holidays) and the session's
/// language has an operator window open.
/// </summary>
public sealed class ScheduledWorkingHours : IWorkingHours
{
    private readonly IReadOnlyDictionary<string, QueueHours> _queues;
    private readonly LanguageAvailability _languages;

    public ScheduledWorkingHours(IReadOnlyDictionary<string, QueueHours> queues, LanguageAvailability languages)
    {
        _queues = queues;
        _languages = languages;
    }

    /// <summary>The same schedule for chats and calls of each queue.</summary>
    public ScheduledWorkingHours(IReadOnlyDictionary<string, WorkingHoursSchedule> queues, LanguageAvailability languages)
        : this(queues.ToDictionary(p => p.Key, p => QueueHours.Same(p.Value)), languages)
    {
    }

    public DateTimeZone Zone => Schedule(Queues.QueueCatalog.Default).Zone;

    /// <summary>The chat schedule of a queue.</summary>
    public WorkingHoursSchedule Schedule(string queue) => Schedule(queue, Channel.Chat);

    /// <summary>The schedule of a queue's channel (the published default for an unknown queue).</summary>
    public WorkingHoursSchedule Schedule(string queue, Channel channel) =>
        _queues.TryGetValue(queue, out var hours) ? hours.For(channel) : WorkingHoursSchedule.Default;

    public bool IsOpen(string queue, Channel channel, string language, bool critical, Instant at) =>
        _languages.IsServiceable(Schedule(queue, channel), language, at, critical, channel);

    public Instant? NextOpening(string queue, Channel channel, string language, bool critical, Instant from) =>
        _languages.NextServiceable(Schedule(queue, channel), language, from, critical, channel);

    public Instant? NextChange(string queue, Channel channel, Instant from) =>
        Schedule(queue, channel).NextChange(from);

    public IReadOnlyList<TimeWindow> WindowsOn(string queue, Channel channel, Instant at)
    {
        var schedule = Schedule(queue, channel);
        return schedule.WindowsOn(at.InZone(schedule.Zone).Date);
    }
}
