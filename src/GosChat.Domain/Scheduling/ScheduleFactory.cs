using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Validates schedule settings and builds the domain objects. Every failure is a
/// <see cref="ScheduleConfigurationException"/> naming the full key at fault.
/// </summary>
public static class ScheduleFactory
{
    /// <summary>The queues the service has, keyed by the extension a caller dials.</summary>
    public static IReadOnlyList<string> QueueIds => Queues.QueueCatalog.Ids;

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    /// <summary>Reads <c>GosChat:TimeZone</c>; empty means <c>Europe/Moscow</c>.</summary>
    public static DateTimeZone ResolveZone(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            return WorkingHoursSchedule.DefaultZone;
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId.Trim())
            ?? throw new ScheduleConfigurationException(
                SchedulingConfigKeys.TimeZone,
                $"'{zoneId}' is not an IANA time zone id (e.g. Europe/Moscow, Asia/Yekaterinburg).");
    }

    /// <summary>Builds the calendar from <c>GosChat:Calendar</c> (null = defaults).</summary>
    public static HolidayCalendar BuildCalendar(CalendarOptions? options)
    {
        options ??= new CalendarOptions();
        const string key = SchedulingConfigKeys.Calendar;

        var fallbackWeekday = ParseWeekday(options.WorkingDaySchedule, $"{key}:WorkingDaySchedule");
        var holidays = new List<LocalDate>();
        for (int i = 0; i < options.Holidays.Count; i++)
        {
            var entry = options.Holidays[i];
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            holidays.Add(ParseDate(entry, $"{key}:Holidays:{i}"));
        }

        var workingDays = new List<TransferredWorkingDay>();
        for (int i = 0; i < options.WorkingDays.Count; i++)
        {
            var entry = options.WorkingDays[i];
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            var itemKey = $"{key}:WorkingDays:{i}";
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var date = ParseDate(parts[0], itemKey);
            var worksAs = parts.Length == 2
                ? ParseWeekday(parts[1], itemKey)
                : date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? fallbackWeekday : date.DayOfWeek;

            if (holidays.Contains(date))
            {
                throw new ScheduleConfigurationException(
                    itemKey, $"{DatePattern.Format(date)} is also listed in {key}:Holidays; a date is either closed or worked.");
            }

            workingDays.Add(new TransferredWorkingDay(date, worksAs));
        }

        var baseCalendar = options.UseOfficialCalendar ? HolidayCalendar.RussianOfficial : HolidayCalendar.None;
        return baseCalendar.WithHolidays(holidays).WithWorkingDays(workingDays);
    }

    /// <summary>
    /// Reads a day-keyed list of windows (<c>Monday</c>..<c>Sunday</c>, case-insensitive) found at
    /// <paramref name="key"/>. Returns <paramref name="whenUnset"/> when no day is configured.
    /// </summary>
    public static WeeklySchedule BuildWeekly(IReadOnlyDictionary<string, List<string>>? days, string key, WeeklySchedule whenUnset)
    {
        if (days is null || days.Count == 0)
        {
            return whenUnset;
        }

        var schedule = WeeklySchedule.Closed;
        var seen = new HashSet<IsoDayOfWeek>();
        foreach (var (dayName, entries) in days)
        {
            var day = ParseWeekday(dayName, $"{key}:{dayName}");
            if (!seen.Add(day))
            {
                throw new ScheduleConfigurationException($"{key}:{dayName}", $"{day} is configured twice.");
            }

            schedule = schedule.With([day], ParseWindows(entries, $"{key}:{dayName}"));
        }

        return schedule;
    }

    /// <summary>The legal-consultation line's queue, whose published hours differ from the departments'.</summary>
    public const string LegalQueue = "106";

    /// <summary>
    /// The published hours of a queue whose schedule is not configured: the legal-consultation line (106) every day
    /// 08:00-20:00, the departments (101-104) Monday-Friday 08:00-20:00 (docs/schedules.md).
    /// </summary>
    public static WeeklySchedule DefaultWeekly(string queueId) =>
        queueId == LegalQueue ? WeeklySchedule.EveryDay("08:00-20:00") : WeeklySchedule.Default;

    /// <summary>Builds one queue's schedule from <c>GosChat:Queues:{queueId}</c> (null = defaults).</summary>
    public static WorkingHoursSchedule BuildQueueSchedule(
        string queueId, QueueScheduleOptions? options, DateTimeZone zone, HolidayCalendar calendar)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueId);
        options ??= new QueueScheduleOptions();
        var key = $"{SchedulingConfigKeys.Queues}:{queueId}";

        var weekly = BuildWeekly(options.Schedule, $"{key}:Schedule", DefaultWeekly(queueId));
        var emergency = ParseWindows(options.EmergencyWindows, $"{key}:EmergencyWindows");
        return new WorkingHoursSchedule(
            zone, weekly, calendar, options.EmergencyOnHolidays, emergency.Length == 0 ? null : emergency);
    }

    /// <summary>
    /// Builds one queue's hours per channel from <c>GosChat:Queues:{queueId}</c>: the chat from <c>Schedule</c>, the
    /// phone from <c>Phone:Schedule</c> (the chat's windows when no phone day is configured). Emergency mode and the
    /// calendar apply to both.
    /// </summary>
    public static QueueHours BuildQueueHours(
        string queueId, QueueScheduleOptions? options, DateTimeZone zone, HolidayCalendar calendar)
    {
        var chat = BuildQueueSchedule(queueId, options, zone, calendar);
        if (options?.Phone?.Schedule is not { Count: > 0 } phoneDays)
        {
            return QueueHours.Same(chat);
        }

        var key = $"{SchedulingConfigKeys.Queues}:{queueId}:Phone:Schedule";
        var weekly = BuildWeekly(phoneDays, key, chat.Weekly);
        return new QueueHours(chat, new WorkingHoursSchedule(zone, weekly, calendar, chat.EmergencyOnHolidays, chat.EmergencyWindows));
    }

    /// <summary>
    /// Builds the schedules of queues 101-104 from <c>GosChat:Queues</c>; a queue not configured gets the
    /// default. Any other queue id is an error. These are the chat schedules; <see cref="BuildAllQueueHours"/> gives both channels.
    /// </summary>
    public static IReadOnlyDictionary<string, WorkingHoursSchedule> BuildQueueSchedules(
        IReadOnlyDictionary<string, QueueScheduleOptions>? queues, DateTimeZone zone, HolidayCalendar calendar) =>
        BuildAllQueueHours(queues, zone, calendar).ToDictionary(p => p.Key, p => p.Value.Chat);

    /// <summary>The hours per channel of queues 101-104 from <c>GosChat:Queues</c>; any other queue id is an error.</summary>
    public static IReadOnlyDictionary<string, QueueHours> BuildAllQueueHours(
        IReadOnlyDictionary<string, QueueScheduleOptions>? queues, DateTimeZone zone, HolidayCalendar calendar)
    {
        foreach (var id in queues?.Keys ?? [])
        {
            if (!QueueIds.Contains(id))
            {
                throw new ScheduleConfigurationException(
                    $"{SchedulingConfigKeys.Queues}:{id}", $"unknown queue; the queues are {string.Join(", ", QueueIds)}.");
            }
        }

        return QueueIds.ToDictionary(
            id => id,
            id => BuildQueueHours(id, queues is not null && queues.TryGetValue(id, out var o) ? o : null, zone, calendar));
    }

    /// <summary>
    /// Builds the language windows from <c>GosChat:Languages</c>: the defaults (tt and ba daily
    /// 08:00-20:00), with each configured language's schedule replacing its default. A language's phone windows
    /// (<c>Phone:Schedule</c>) default to its chat windows; <c>OwnHours</c> makes them the language's own hours.
    /// </summary>
    public static LanguageAvailability BuildLanguages(IReadOnlyDictionary<string, LanguageOptions>? languages, DateTimeZone zone)
    {
        var windows = new Dictionary<string, LanguageWindow>(
            LanguageAvailability.DefaultWindows.ToDictionary(p => p.Key, p => new LanguageWindow(p.Value)), StringComparer.OrdinalIgnoreCase);

        foreach (var (code, options) in languages ?? new Dictionary<string, LanguageOptions>())
        {
            var key = $"{SchedulingConfigKeys.Languages}:{code}";
            if (string.IsNullOrWhiteSpace(code))
            {
                throw new ScheduleConfigurationException(key, "a language code is empty.");
            }

            var hasChat = options?.Schedule is { Count: > 0 };
            var hasPhone = options?.Phone?.Schedule is { Count: > 0 };
            if (!hasChat && !hasPhone)
            {
                if (options?.OwnHours == true)
                {
                    throw new ScheduleConfigurationException($"{key}:OwnHours", "own hours need a Schedule of the language's windows.");
                }

                continue;
            }

            var current = windows.TryGetValue(code, out var w) ? w : null;
            var chat = hasChat
                ? BuildWeekly(options!.Schedule, $"{key}:Schedule", WeeklySchedule.Closed)
                : current?.Chat ?? WeeklySchedule.EveryDay("00:00-24:00");
            var phone = hasPhone ? BuildWeekly(options!.Phone.Schedule, $"{key}:Phone:Schedule", WeeklySchedule.Closed) : null;
            windows[code] = new LanguageWindow(chat, phone, options!.OwnHours);
        }

        return new LanguageAvailability(windows, zone);
    }

    private static TimeWindow[] ParseWindows(List<string>? entries, string key)
    {
        var windows = new List<TimeWindow>();
        for (int i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i];
            if (string.IsNullOrWhiteSpace(entry) || entry.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!TimeWindow.TryParse(entry, out var window, out var error))
            {
                throw new ScheduleConfigurationException($"{key}:{i}", error);
            }

            windows.Add(window);
        }

        return windows.ToArray();
    }

    private static LocalDate ParseDate(string text, string key)
    {
        var result = DatePattern.Parse(text.Trim());
        if (!result.Success)
        {
            throw new ScheduleConfigurationException(key, $"'{text}' is not a date; expected yyyy-MM-dd, e.g. 2026-11-21.");
        }

        return result.Value;
    }

    private static IsoDayOfWeek ParseWeekday(string? text, string key)
    {
        var name = text?.Trim() ?? string.Empty;
        foreach (var day in WeeklySchedule.AllDays)
        {
            if (string.Equals(day.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }

        throw new ScheduleConfigurationException(
            key, $"'{text}' is not a weekday; expected one of {string.Join(", ", WeeklySchedule.AllDays)}.");
    }
}
