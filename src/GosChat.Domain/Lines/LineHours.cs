using GosChat.Domain.Ports;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Lines;

/// <summary>
/// Hours as a line sees them: a call through a line with its own schedule follows that schedule (and the caller's
/// language window); everything else follows its queue's hours, as without lines.
/// </summary>
public sealed class LineHours(IWorkingHours hours, LanguageAvailability? languages = null)
{
    public bool IsOpen(Line line, string queue, Channel channel, string language, bool critical, Instant at) =>
        OwnSchedule(line, channel) is { } s
            ? languages?.IsServiceable(s, language, at, critical, channel) ?? s.IsOpen(at, critical)
            : hours.IsOpen(queue, channel, language, critical, at);

    public Instant? NextOpening(Line line, string queue, Channel channel, string language, bool critical, Instant from) =>
        OwnSchedule(line, channel) is { } s
            ? languages is null ? s.NextOpening(from, critical) : languages.NextServiceable(s, language, from, critical, channel)
            : hours.NextOpening(queue, channel, language, critical, from);

    /// <summary>Today's windows of a queue's channel as seen through the line.</summary>
    public IReadOnlyList<TimeWindow> WindowsOn(Line line, string queue, Channel channel, Instant at) =>
        OwnSchedule(line, channel) is { } s ? s.WindowsOn(at.InZone(s.Zone).Date) : hours.WindowsOn(queue, channel, at);

    /// <summary>A queue's windows of today per channel, as the line's callers and chatters meet them.</summary>
    public Queues.QueueHoursToday HoursToday(Line line, string queue, Instant now) => new(
        WindowsOn(line, queue, Channel.Chat, now).Select(w => w.ToString()).ToList(),
        WindowsOn(line, queue, Channel.Call, now).Select(w => w.ToString()).ToList());

    /// <summary>The line's own schedule applies to its calls only; chats keep their queues' chat hours.</summary>
    private static WorkingHoursSchedule? OwnSchedule(Line line, Channel channel) => channel == Channel.Call ? line.Schedule : null;
}
