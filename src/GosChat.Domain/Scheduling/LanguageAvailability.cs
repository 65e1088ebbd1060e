using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Hours of the operators who speak a language. A language with no window (Russian, English by default)
/// is limited only by its queue; a language with a window (Tatar and Bashkir, 08:00-20:00 Moscow time
/// every day, by default) is served when both its queue and its window are open. Language windows ignore
/// the holiday calendar: the queue's schedule already closes holidays.
/// </summary>
public sealed class LanguageAvailability
{
    private readonly Dictionary<string, WorkingHoursSchedule> _windows;

    /// <param name="windows">Weekly windows by language code (<c>ru</c>, <c>en</c>, <c>tt</c>, <c>ba</c>, …); codes are case-insensitive.</param>
    /// <param name="zone">The zone the windows are written in.</param>
    public LanguageAvailability(IReadOnlyDictionary<string, WeeklySchedule> windows, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(zone);
        _windows = new Dictionary<string, WorkingHoursSchedule>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, weekly) in windows)
        {
            _windows[language] = new WorkingHoursSchedule(zone, weekly, HolidayCalendar.None);
        }
    }

    /// <summary>The published default windows by language: Tatar and Bashkir daily 08:00-20:00.</summary>
    public static IReadOnlyDictionary<string, WeeklySchedule> DefaultWindows { get; } =
        new Dictionary<string, WeeklySchedule>(StringComparer.OrdinalIgnoreCase)
        {
            ["tt"] = WeeklySchedule.EveryDay("08:00-20:00"),
            ["ba"] = WeeklySchedule.EveryDay("08:00-20:00"),
        };

    /// <summary>The published defaults in the given zone (Moscow when omitted).</summary>
    public static LanguageAvailability Default(DateTimeZone? zone = null) =>
        new(DefaultWindows, zone ?? WorkingHoursSchedule.DefaultZone);

    /// <summary>Languages that have a window of their own.</summary>
    public IReadOnlyCollection<string> RestrictedLanguages => _windows.Keys;

    /// <summary>The window schedule of a language, or null when the language has none.</summary>
    public WorkingHoursSchedule? WindowOf(string? language) =>
        language is not null && _windows.TryGetValue(language, out var schedule) ? schedule : null;

    /// <summary>True when the language's own window is open (always, for a language with no window).</summary>
    public bool IsAvailable(string? language, Instant at) => WindowOf(language)?.IsOpen(at) ?? true;

    /// <summary>True when the queue is open for this kind of session and the language's window is open.</summary>
    public bool IsServiceable(WorkingHoursSchedule queue, string? language, Instant at, bool critical = false)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return queue.IsOpen(at, critical) && IsAvailable(language, at);
    }

    /// <summary>
    /// The first instant at or after <paramref name="from"/> when <see cref="IsServiceable"/> holds;
    /// null when there is none within <see cref="WorkingHoursSchedule.SearchHorizonDays"/> days.
    /// </summary>
    public Instant? NextServiceable(WorkingHoursSchedule queue, string? language, Instant from, bool critical = false)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var window = WindowOf(language);
        if (window is null)
        {
            return queue.NextOpening(from, critical);
        }

        var limit = from + Duration.FromDays(WorkingHoursSchedule.SearchHorizonDays);
        var t = from;
        while (t <= limit)
        {
            // Alternate between the two schedules; every round moves t strictly forward.
            var queueOpens = queue.NextOpening(t, critical);
            if (queueOpens is null)
            {
                return null;
            }

            var languageOpens = window.NextOpening(queueOpens.Value);
            if (languageOpens is null)
            {
                return null;
            }

            if (queue.IsOpen(languageOpens.Value, critical))
            {
                return languageOpens;
            }

            t = languageOpens.Value;
        }

        return null;
    }
}
