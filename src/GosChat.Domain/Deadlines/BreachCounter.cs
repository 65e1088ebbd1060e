using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>Counts today's missed deadlines per queue.</summary>
public interface IBreachCounter
{
    Task<int> TodayAsync(string queue);
}

/// <summary>Today's breaches per queue, "today" being the local day in the schedules' time zone.</summary>
public sealed class BreachCounter(IBreachLog log, IClock clock, DateTimeZone zone) : IBreachCounter
{
    public Task<int> TodayAsync(string queue) => log.CountAsync(queue, clock.GetCurrentInstant().InZone(zone).Date);
}
