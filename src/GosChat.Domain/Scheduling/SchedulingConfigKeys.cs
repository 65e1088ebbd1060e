namespace GosChat.Domain.Scheduling;

/// <summary>The configuration paths the schedule settings live under (used in error messages).</summary>
public static class SchedulingConfigKeys
{
    /// <summary>IANA zone id of every schedule; default <c>Europe/Moscow</c>.</summary>
    public const string TimeZone = "GosChat:TimeZone";

    /// <summary>Binds to <see cref="CalendarOptions"/>.</summary>
    public const string Calendar = "GosChat:Calendar";

    /// <summary>Each child (<c>101</c>..<c>104</c>) binds to <see cref="QueueScheduleOptions"/>.</summary>
    public const string Queues = "GosChat:Queues";

    /// <summary>Each child (<c>ru</c>, <c>en</c>, <c>tt</c>, <c>ba</c>) binds to <see cref="LanguageOptions"/>.</summary>
    public const string Languages = "GosChat:Languages";
}
