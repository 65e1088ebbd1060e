using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// One open hour of today for one channel of a queue: the arrivals and handle time expected then and the operators
/// needed to hold the channel's target (Erlang C).
/// </summary>
/// <param name="Hour">The hour's local start (in the schedules' zone).</param>
/// <param name="Start">The same as an instant.</param>
/// <param name="Channel">chat or call.</param>
/// <param name="Concurrency">Sessions one operator holds at once: 1 for calls.</param>
/// <param name="Basis"><c>history</c> (the same hour of the recent days) or <c>lastHour</c> (no history: the last window).</param>
public sealed record HourForecast(LocalTime Hour, Instant Start, string Channel, double ArrivalsPerHour, double HandleSeconds,
    ServiceTarget Target, double Concurrency, int OperatorsNeeded, string Basis);

/// <summary>Settings of the forecast by hour.</summary>
/// <param name="HistoryDays">How many days before today are read.</param>
/// <param name="Window">The window read when there is no history (the "now" forecast's window).</param>
/// <param name="TargetFor">The target of a queue and channel (chat: its first-reply deadline; call: its answer deadline).</param>
public sealed record HourlySettings(int HistoryDays, Duration Window, Func<string, string, ServiceTarget> TargetFor);

/// <summary>
/// Operators needed for each remaining hour of today (the current one included), per queue and channel, in the hours
/// the channel is open. Arrivals per hour and handle time come from the contact records of the recent days: for a local
/// hour, the sessions that entered the queue in that hour on those days, divided by the days the channel had any
/// session (a closed day does not dilute the rate); its handle time is the mean of its answered sessions, else of all
/// the channel's recent answered sessions, else the "now" forecast's. Without any history the rate is that of the last
/// window (today's closed sessions). Calls take one operator each; chats divide by the operators' concurrency.
/// </summary>
public sealed class HourlyForecaster(IContactRecordStore records, IWorkingHours hours, IClock clock, DateTimeZone zone, HourlySettings settings)
{
    public static readonly string[] Channels = ["chat", "call"];

    /// <summary>The hours of every queue, given its "now" forecast (its chat row: the chat concurrency and the fallback handle time).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<HourForecast>>> ForecastAsync(IReadOnlyList<QueueForecast> now)
    {
        var at = clock.GetCurrentInstant();
        var today = at.InZone(zone).Date;
        var all = await records.GetAsync(today.PlusDays(-settings.HistoryDays), today);
        var result = new Dictionary<string, IReadOnlyList<HourForecast>>(StringComparer.Ordinal);
        foreach (var queue in now.Where(q => q.Channel == "chat"))
        {
            var mine = all.Where(r => r.Queue == queue.Queue).ToList();
            result[queue.Queue] = Plan(queue, mine, at);
        }
        return result;
    }

    private List<HourForecast> Plan(QueueForecast queue, IReadOnlyList<ContactRecord> records, Instant now)
    {
        var today = now.InZone(zone).Date;
        var first = today.PlusDays(-settings.HistoryDays);
        var channels = Channels.Where(c => records.Any(r => r.Channel == c)).ToList();
        if (channels.Count == 0) channels.Add("chat");
        var result = new List<HourForecast>();
        foreach (var channel in channels)
        {
            var ofChannel = records.Where(r => r.Channel == channel).ToList();
            var history = ofChannel.Where(r => LocalOf(r.QueuedAt).Date is var d && d >= first && d < today).ToList();
            var days = history.Select(r => LocalOf(r.QueuedAt).Date).Distinct().Count();
            var historyHandle = Mean(history);
            var recent = ofChannel.Where(r => r.QueuedAt >= now - settings.Window && r.QueuedAt < now).ToList();
            var target = settings.TargetFor(queue.Queue, channel);
            var concurrency = channel == "call" ? 1 : queue.Concurrency;
            foreach (var hour in OpenHours(queue.Queue, channel, now))
            {
                double arrivals, handle;
                string basis;
                if (days > 0)
                {
                    var inHour = history.Where(r => LocalOf(r.QueuedAt).Hour == hour.Hour).ToList();
                    arrivals = (double)inHour.Count / days;
                    handle = Mean(inHour) ?? historyHandle ?? queue.HandleSeconds;
                    basis = "history";
                }
                else
                {
                    arrivals = recent.Count / settings.Window.TotalHours;
                    handle = Mean(recent) ?? queue.HandleSeconds;
                    basis = "lastHour";
                }
                var f = StaffingForecaster.Forecast(queue.Queue, arrivals, handle, concurrency, 0, target);
                result.Add(new HourForecast(hour, today.At(hour).InZoneLeniently(zone).ToInstant(), channel, f.ArrivalsPerHour, f.HandleSeconds,
                    target, f.Concurrency, f.OperatorsNeeded, basis));
            }
        }
        return result.OrderBy(h => h.Start).ThenBy(h => Array.IndexOf(Channels, h.Channel)).ToList();
    }

    private LocalDateTime LocalOf(Instant at) => at.InZone(zone).LocalDateTime;

    private static double? Mean(IEnumerable<ContactRecord> records)
    {
        var handles = records.Select(r => r.HandleSeconds).OfType<double>().ToList();
        return handles.Count == 0 ? null : handles.Average();
    }

    /// <summary>The local hours from the one holding <paramref name="now"/> to midnight that overlap an opening window of the channel today.</summary>
    private IEnumerable<LocalTime> OpenHours(string queue, string channel, Instant now)
    {
        var windows = hours.WindowsOn(queue, channel == "call" ? Channel.Call : Channel.Chat, now);
        for (var h = now.InZone(zone).Hour; h < 24; h++)
        {
            var from = h * 60;
            var to = from + 60;
            if (windows.Any(w =>
                {
                    var start = w.Start.Hour * 60 + w.Start.Minute;
                    var end = w.EndsNextDay ? 24 * 60 : w.End.Hour * 60 + w.End.Minute;
                    return start < to && end > from;
                }))
                yield return new LocalTime(h, 0);
        }
    }
}
