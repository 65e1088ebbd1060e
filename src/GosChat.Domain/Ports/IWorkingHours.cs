using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>Whether a queue takes sessions now; schedules implement it. The default is always open.</summary>
public interface IWorkingHours
{
    bool IsOpen(string queue, Channel channel, string language, bool critical, Instant at);

    /// <summary>The next instant the queue opens (or now when open); null if it never does.</summary>
    Instant? NextOpening(string queue, Channel channel, string language, bool critical, Instant from);

    /// <summary>The next instant the queue's open/closed state flips; null if never.</summary>
    Instant? NextChange(string queue, Channel channel, Instant from);

    /// <summary>
    /// The windows of the queue's channel on the local date of <paramref name="at"/> (in the queue's zone), as sessions
    /// not marked critical see them: none on a holiday or a closed day. Around the clock unless a schedule says otherwise.
    /// </summary>
    IReadOnlyList<Scheduling.TimeWindow> WindowsOn(string queue, Channel channel, Instant at) => [Scheduling.TimeWindow.WholeDay];
}

public sealed class AlwaysOpen : IWorkingHours
{
    public bool IsOpen(string queue, Channel channel, string language, bool critical, Instant at) => true;
    public Instant? NextOpening(string queue, Channel channel, string language, bool critical, Instant from) => from;
    public Instant? NextChange(string queue, Channel channel, Instant from) => null;
}
