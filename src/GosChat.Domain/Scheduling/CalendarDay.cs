using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>What the calendar says about a date.</summary>
public enum DayKind
{
    /// <summary>An ordinary day: the weekly schedule of its own weekday applies (weekends included).</summary>
    Regular,

    /// <summary>An official or configured non-working day: closed, except emergency mode.</summary>
    Holiday,

    /// <summary>A day worked although it is normally a day off: the schedule of another weekday applies.</summary>
    TransferredWorkingDay,
}

/// <summary>A date, its kind, and the weekday whose windows apply to it.</summary>
public readonly record struct CalendarDay(LocalDate Date, DayKind Kind, IsoDayOfWeek ScheduleDay);
