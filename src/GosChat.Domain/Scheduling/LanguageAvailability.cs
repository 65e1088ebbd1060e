using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Hours of the operators who speak a language, per channel. A language with no window (Russian, English by default)
/// is limited only by its queue; a language with a window (Tatar and Bashkir, 08:00-20:00 Moscow time every day, by
/// default) is served when both its queue and its window are open. A language with its own hours
/// (<see cref="LanguageWindow.OwnHours"/>, e.g. English around the clock) is served whenever its window is open, even
/// while the queue is closed. Language windows ignore the holiday calendar: the queue's schedule already closes holidays.
/// </summary>
public sealed class LanguageAvailability
{
    private readonly Dictionary<string, (WorkingHoursSchedule Chat, WorkingHoursSchedule Phone, bool OwnHours)> _windows;

    /// <param name="windows">Weekly windows by language code (<c>ru</c>, <c>en</c>, <c>tt</c>, <c>ba</c>, …); codes are case-insensitive.</param>
    /// <param name="zone">The zone the windows are written in.</param>
    public LanguageAvailability(IReadOnlyDictionary<string, WeeklySchedule> windows, DateTimeZone zone)
        : this(windows.ToDictionary(p => p.Key, p => new LanguageWindow(p.Value)), zone)
    {
    }

    /// <param name="windows">Windows per channel and mode by language code; codes are case-insensitive.</param>
    /// <param name="zone">The zone the windows are written in.</param>
    public LanguageAvailability(IReadOnlyDictionary<string, LanguageWindow> windows, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        _windows = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, window) in windows)
        {
            var chat = new WorkingHoursSchedule(zone, window.Chat, HolidayCalendar.None);
            var phone = window.Phone is null ? chat : new WorkingHoursSchedule(zone, window.Phone, HolidayCalendar.None);
            _windows[language] = (chat, phone, window.OwnHours);
        }
    }

    public DateTimeZone Zone { get; }

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

    /// <summary>The chat window schedule of a language, or null when the language has none.</summary>
    public WorkingHoursSchedule? WindowOf(string? language) => WindowOf(language, Channel.Chat);

    /// <summary>The window schedule of a language on a channel, or null when the language has none.</summary>
    public WorkingHoursSchedule? WindowOf(string? language, Channel channel) =>
        language is not null && _windows.TryGetValue(language, out var window) ? (channel == Channel.Call ? window.Phone : window.Chat) : null;

    /// <summary>True when the language is served on its own hours, whatever its queue's schedule says.</summary>
    public bool HasOwnHours(string? language) =>
        language is not null && _windows.TryGetValue(language, out var window) && window.OwnHours;

    /// <summary>True when the language's own window is open (always, for a language with no window).</summary>
    public bool IsAvailable(string? language, Instant at, Channel channel = Channel.Chat) => WindowOf(language, channel)?.IsOpen(at) ?? true;

    /// <summary>True when the queue is open for this kind of session and the language's window is open.</summary>
    public bool IsServiceable(WorkingHoursSchedule queue, string? language, Instant at, bool critical = false, Channel channel = Channel.Chat)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (HasOwnHours(language))
        {
            return IsAvailable(language, at, channel);
        }

        return queue.IsOpen(at, critical) && IsAvailable(language, at, channel);
    }

    /// <summary>
    /// The first instant at or after <paramref name="from"/> when <see cref="IsServiceable"/> holds;
    /// null when there is none within <see cref="WorkingHoursSchedule.SearchHorizonDays"/> days.
    /// </summary>
    public Instant? NextServiceable(WorkingHoursSchedule queue, string? language, Instant from, bool critical = false, Channel channel = Channel.Chat)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var window = WindowOf(language, channel);
        if (window is null)
        {
            return queue.NextOpening(from, critical);
        }

        if (HasOwnHours(language))
        {
            return window.NextOpening(from);
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

/// <summary>
/// The operators' hours of one language: <paramref name="Chat"/> windows, <paramref name="Phone"/> windows (null = as
/// the chat), and whether these are the language's own hours (<paramref name="OwnHours"/>: served in them even while
/// the queue is closed) or only narrow the queue's hours (the default).
/// </summary>
public sealed record LanguageWindow(WeeklySchedule Chat, WeeklySchedule? Phone = null, bool OwnHours = false);
