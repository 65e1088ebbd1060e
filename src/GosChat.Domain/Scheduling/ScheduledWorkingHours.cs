using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Working hours from the configured schedules: a queue takes a session when its schedule is open (critical
/// sessions also in emergency windows on holidays) and the session's language has an operator window open.
/// </summary>
public sealed class ScheduledWorkingHours(
    IReadOnlyDictionary<string, WorkingHoursSchedule> queues,
    LanguageAvailability languages) : IWorkingHours
{
    public DateTimeZone Zone => Schedule(Queues.QueueCatalog.Default).Zone;

    public WorkingHoursSchedule Schedule(string queue) =>
        queues.TryGetValue(queue, out var schedule) ? schedule : WorkingHoursSchedule.Default;

    public bool IsOpen(string queue, Channel channel, string language, bool critical, Instant at) =>
        languages.IsServiceable(Schedule(queue), language, at, critical);

    public Instant? NextOpening(string queue, Channel channel, string language, bool critical, Instant from) =>
        languages.NextServiceable(Schedule(queue), language, from, critical);

    public Instant? NextChange(string queue, Channel channel, Instant from) =>
        Schedule(queue).NextChange(from);
}
