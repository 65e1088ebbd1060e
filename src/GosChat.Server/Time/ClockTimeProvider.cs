using NodaTime;

namespace GosChat.Server.Time;

/// <summary>
/// The framework's <see cref="TimeProvider"/> reading the application's <see cref="IClock"/>, so that
/// authentication tickets, cookies, rate-limit windows and the domain all agree on what time it is.
/// </summary>
/// <remarks>
/// Only wall-clock reads follow the <see cref="IClock"/>. Timestamps and timers stay on the system's
/// monotonic clock: they measure how long something took or schedule a callback after a real delay
/// (keep-alives, handshake timeouts), and a test clock that stands still must not freeze them.
/// </remarks>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    public IClock Clock { get; } = clock;

    public override DateTimeOffset GetUtcNow() => Clock.GetCurrentInstant().ToDateTimeOffset();
}
