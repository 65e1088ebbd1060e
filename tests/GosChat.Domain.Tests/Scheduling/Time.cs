using NodaTime;

namespace GosChat.Domain.Tests.Scheduling;

/// <summary>Builds instants from local times, the way the tables in these tests are written.</summary>
internal static class Time
{
    public static DateTimeZone Moscow { get; } = DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    public static DateTimeZone Berlin { get; } = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>"2026-11-20 19:59:59" (seconds optional) in Moscow time.</summary>
    public static Instant Msk(string local) => In(Moscow, local);

    public static Instant In(DateTimeZone zone, string local) =>
        ParseLocal(local).InZoneStrictly(zone).ToInstant();

    public static Instant Utc(string utc) => ParseLocal(utc).InUtc().ToInstant();

    public static LocalDate Date(string date) => NodaTime.Text.LocalDatePattern.Iso.Parse(date).GetValueOrThrow();

    /// <summary>An instant shown as Moscow local time, for readable failure messages.</summary>
    public static string ShowMsk(Instant? at) =>
        at is null ? "null" : at.Value.InZone(Moscow).LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", null);

    private static LocalDateTime ParseLocal(string text)
    {
        var pattern = text.Length > 16
            ? NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm:ss")
            : NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");
        return pattern.Parse(text).GetValueOrThrow();
    }
}
