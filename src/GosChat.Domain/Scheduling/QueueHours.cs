using GosChat.Domain.Sessions;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// One queue's working hours per channel: chats follow <see cref="Chat"/>, calls (and callbacks, voicemail
/// call-backs) follow <see cref="Phone"/>. Both share the queue's zone, holiday calendar and emergency mode.
/// </summary>
public sealed record QueueHours(WorkingHoursSchedule Chat, WorkingHoursSchedule Phone)
{
    /// <summary>The same schedule for both channels.</summary>
    public static QueueHours Same(WorkingHoursSchedule schedule) => new(schedule, schedule);

    /// <summary>The schedule of a channel.</summary>
    public WorkingHoursSchedule For(Channel channel) => channel == Channel.Call ? Phone : Chat;
}
