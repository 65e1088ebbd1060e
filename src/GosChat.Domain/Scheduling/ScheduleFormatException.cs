namespace GosChat.Domain.Scheduling;

/// <summary>A schedule value (a time window, a date, a weekday name) that cannot be read.</summary>
public sealed class ScheduleFormatException : FormatException
{
    public ScheduleFormatException(string input, string message)
        : base(message) => Input = input;

    /// <summary>The text that was rejected.</summary>
    public string Input { get; }
}
