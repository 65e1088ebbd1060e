namespace GosChat.Domain.Scheduling;

/// <summary>The schedule part of a queue's settings, bound from <c>GosChat:Queues:{id}</c>.</summary>
public sealed class QueueScheduleOptions
{
    /// <summary>
    /// <c>GosChat:Queues:{id}:Schedule:{Monday..Sunday}</c>: lists of <c>HH:mm-HH:mm</c> windows. When no
    /// day is configured the default (Monday-Friday 08:00-20:00) applies; once any day is configured, a
    /// day left out is closed. An empty string or <c>closed</c> in a list adds no window.
    /// </summary>
    public Dictionary<string, List<string>> Schedule { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>GosChat:Queues:{id}:EmergencyOnHolidays</c>: on holidays, open to critical sessions only (default false).</summary>
    public bool EmergencyOnHolidays { get; set; }

    /// <summary><c>GosChat:Queues:{id}:EmergencyWindows</c>: the holiday windows in emergency mode (default 08:00-20:00).</summary>
    public List<string> EmergencyWindows { get; set; } = [];

    /// <summary>
    /// <c>GosChat:Queues:{id}:Phone</c>: the phone line's own hours. Absent (no day configured) = the same as the chat's.
    /// </summary>
    public ChannelScheduleOptions Phone { get; set; } = new();
}

/// <summary>The hours of one channel of a queue, bound from e.g. <c>GosChat:Queues:{id}:Phone</c>.</summary>
public sealed class ChannelScheduleOptions
{
    /// <summary>
    /// <c>…:Phone:Schedule:{Monday..Sunday}</c>: lists of <c>HH:mm-HH:mm</c> windows, as the chat's. When no day is
    /// configured the channel follows the chat schedule; once any day is configured, a day left out is closed.
    /// </summary>
    public Dictionary<string, List<string>> Schedule { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
