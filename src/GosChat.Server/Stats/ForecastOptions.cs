using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Stats;

/// <summary>
/// <c>GosChat:Forecast</c>: the staffing forecast's target share and window. The target time of each queue is its
/// chat first-reply deadline (<c>GosChat:Deadlines:ChatFirstReply</c>, per-queue overrides included).
/// </summary>
public sealed class ForecastOptions : IValidatableObject
{
    public const string Section = "GosChat:Forecast";

    /// <summary>Share of arrivals to answer within the target time, 0–1 (0.8 = 80 %).</summary>
    public double TargetShare { get; set; } = 0.8;

    /// <summary>How far back arrivals and handle times are read.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Chats per operator assumed when no operator of the queue is signed in.</summary>
    public int DefaultConcurrency { get; set; } = 3;

    /// <summary>Days before today whose contact records give the forecast by hour (1–60).</summary>
    public int HistoryDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TargetShare is <= 0 or >= 1)
            yield return new ValidationResult($"{Section}:TargetShare must be between 0 and 1 (0.8 = 80 %).");
        if (Window < TimeSpan.FromMinutes(5))
            yield return new ValidationResult($"{Section}:Window must be at least 00:05:00 (one statistics bucket).");
        if (DefaultConcurrency < 1)
            yield return new ValidationResult($"{Section}:DefaultConcurrency must be at least 1.");
        if (HistoryDays is < 1 or > 60)
            yield return new ValidationResult($"{Section}:HistoryDays must be between 1 and 60.");
    }
}
