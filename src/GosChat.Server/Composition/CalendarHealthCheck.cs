using GosChat.Domain.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace GosChat.Server.Composition;

/// <summary>
/// /healthz is degraded (still 200) when the holiday calendar does not know the next
/// 90 days: past its last year holidays would silently be treated as working days.
/// </summary>
public sealed class CalendarHealthCheck(CalendarCoverage coverage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(coverage.Gap() is { } gap
            ? HealthCheckResult.Degraded(CalendarCoverage.Describe(gap))
            : HealthCheckResult.Healthy("holiday calendar covers the next 90 days"));

}

/// <summary>Whether the holiday calendar knows the days ahead, on the application clock and in the schedules' zone.</summary>
public sealed class CalendarCoverage(HolidayCalendar calendar, DateTimeZone zone, IClock clock)
{
    public const int HorizonDays = 90;

    /// <summary>The first day of the next <see cref="HorizonDays"/> days that the calendar does not know, or null.</summary>
    public LocalDate? Gap()
    {
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        return calendar.FirstUncoveredDate(today, today.PlusDays(HorizonDays));
    }

    public static string Describe(LocalDate gap) =>
        $"The holiday calendar has no entries for {gap.Year} (from {gap:yyyy-MM-dd}): add that year's holidays and transferred working days under GosChat:Calendar (docs/schedules.md).";
}
