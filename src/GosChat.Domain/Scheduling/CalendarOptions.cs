namespace GosChat.Domain.Scheduling;

/// <summary>Settings bound from <c>GosChat:Calendar</c>.</summary>
public sealed class CalendarOptions
{
    /// <summary><c>GosChat:Calendar:UseOfficialCalendar</c>: start from the shipped Russian non-working days (default true).</summary>
    public bool UseOfficialCalendar { get; set; } = true;

    /// <summary><c>GosChat:Calendar:Holidays</c>: extra closed dates, <c>yyyy-MM-dd</c>.</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>
    /// <c>GosChat:Calendar:WorkingDays</c>: dates worked although they are days off, <c>yyyy-MM-dd</c>,
    /// optionally <c>yyyy-MM-dd=Friday</c> to name the weekday whose windows apply that date.
    /// </summary>
    public List<string> WorkingDays { get; set; } = [];

    /// <summary>
    /// <c>GosChat:Calendar:WorkingDaySchedule</c>: the weekday whose windows a worked Saturday or Sunday
    /// follows when its entry names none (default <c>Monday</c>). A worked Monday-Friday date keeps its own.
    /// </summary>
    public string WorkingDaySchedule { get; set; } = "Monday";
}
