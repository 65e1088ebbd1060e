using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>A queue's service target: <see cref="Share"/> (0–1) of arrivals answered within <see cref="Within"/>.</summary>
public sealed record ServiceTarget(double Share, Duration Within);

/// <summary>One queue's staffing forecast.</summary>
/// <param name="OperatorsNeeded">Operators that hold the target at the recent arrival rate and handle time.</param>
/// <param name="OperatorsPresent">Operators skilled for the queue who are signed in (connected, available or away).</param>
/// <param name="ArrivalsPerHour">Sessions that entered the queue per hour over the window.</param>
/// <param name="HandleSeconds">Mean handle time (accepted to closed) over the window, or the recent samples, or the default.</param>
/// <param name="Concurrency">Sessions one operator holds at once: the mean chat capacity of the present operators.</param>
/// <param name="ServiceLevel">The share answered within the target time with the operators present (0–1).</param>
/// <param name="Channel">chat or call: each queue has a chat row, and a call row when calls entered it in the window.</param>
public sealed record QueueForecast(string Queue, int OperatorsNeeded, int OperatorsPresent, double ArrivalsPerHour, double HandleSeconds,
    ServiceTarget Target, double Concurrency, double ServiceLevel, string Channel = "chat");

/// <summary>Forecast settings: the window of recent history, and each queue's target.</summary>
/// <param name="Window">How far back arrivals and handle times are read (whole 5-minute buckets from the one holding now − window).</param>
/// <param name="TargetFor">The target of a queue (e.g. 80 % within its chat first-reply deadline).</param>
/// <param name="DefaultConcurrency">Chats per operator when no operator of the queue is signed in.</param>
/// <param name="CallTargetFor">The target of a queue's calls (e.g. 80 % within its call answer deadline); null = <paramref name="TargetFor"/>.</param>
public sealed record ForecastSettings(Duration Window, Func<string, ServiceTarget> TargetFor, int DefaultConcurrency = 3,
    Func<string, ServiceTarget>? CallTargetFor = null);

/// <summary>
/// How many operators each queue needs now (Erlang C), from its recent arrivals and handle times, beside those signed
/// in. A chat operator holds several chats at once: the model's servers are chat slots, and the operators needed are
/// the slots needed divided by the present operators' mean capacity, rounded up. Calls (counted apart in the buckets) are
/// forecast in their own row: one operator per call, the call target.
/// </summary>
public sealed class StaffingForecaster(IStatisticsStore statistics, IRoutingStore routing, IClock clock, ForecastSettings settings,
    Engine.ContactCentreOptions options)
{
    public async Task<IReadOnlyList<QueueForecast>> ForecastAsync()
    {
        var now = clock.GetCurrentInstant();
        var from = StatsBuckets.Of(now - settings.Window);
        var hours = (now - from).TotalHours;
        var snapshot = await routing.LoadSnapshotAsync();
        var result = new List<QueueForecast>();
        foreach (var queue in QueueCatalog.All)
        {
            var buckets = await statistics.GetAsync(queue.Id, from, now + Duration.FromTicks(1));
            long Sum(string counter) => buckets.Sum(b => b[counter]);
            var fallback = new Routing.QueueMetrics(options).MeanHandleSeconds(snapshot, queue.Id);
            var present = snapshot.Operators.Where(o => o.IsConnected && o.Presence != Presence.Offline && o.Queues.Contains(queue.Id)).ToList();
            var concurrency = present.Count > 0 ? present.Average(o => Math.Max(1, o.MaxChats)) : settings.DefaultConcurrency;
            // Chats: the totals less the calls counted apart.
            var chatHandled = Sum(StatsCounters.Handled) - Sum(StatsCounters.CallHandled);
            var chatHandle = chatHandled > 0 ? (double)(Sum(StatsCounters.HandleSeconds) - Sum(StatsCounters.CallHandleSeconds)) / chatHandled : fallback;
            result.Add(Forecast(queue.Id, (Sum(StatsCounters.Queued) - Sum(StatsCounters.CallQueued)) / hours, chatHandle, concurrency, present.Count,
                settings.TargetFor(queue.Id)));
            var calls = Sum(StatsCounters.CallQueued);
            var callsHandled = Sum(StatsCounters.CallHandled);
            if (calls == 0 && callsHandled == 0) continue;
            var callHandle = callsHandled > 0 ? (double)Sum(StatsCounters.CallHandleSeconds) / callsHandled : fallback;
            result.Add(Forecast(queue.Id, calls / hours, callHandle, 1, present.Count, (settings.CallTargetFor ?? settings.TargetFor)(queue.Id)) with
            {
                Channel = "call",
            });
        }
        return result;
    }

    /// <summary>The forecast of one queue from its figures (the arithmetic, apart from reading them).</summary>
    public static QueueForecast Forecast(string queue, double arrivalsPerHour, double handleSeconds, double concurrency, int present, ServiceTarget target)
    {
        var erlangs = arrivalsPerHour * handleSeconds / 3600;
        var within = target.Within.TotalSeconds;
        var slots = ErlangC.ServersNeeded(erlangs, handleSeconds, within, target.Share);
        var needed = (int)Math.Ceiling(slots / concurrency);
        var presentSlots = (int)Math.Floor(present * concurrency);
        var level = ErlangC.ServiceLevel(presentSlots, erlangs, handleSeconds, within);
        return new QueueForecast(queue, needed, present, Math.Round(arrivalsPerHour, 2), Math.Round(handleSeconds, 1), target,
            Math.Round(concurrency, 2), Math.Round(level, 4));
    }
}
