using NodaTime;

namespace GosChat.Domain.Limits;

/// <summary>At most <see cref="Limit"/> in any fixed window of <see cref="Window"/>.</summary>
public sealed record LimitRule(long Limit, Duration Window)
{
    public static LimitRule Per(long limit, TimeSpan window) => new(limit, Duration.FromTimeSpan(window));

    /// <summary>The fixed window (aligned to the Unix epoch) that contains <paramref name="now"/>, by its index.</summary>
    public long WindowOf(Instant now) => FixedWindow.IndexOf(now, Window);

    /// <summary>When the window that contains <paramref name="now"/> ends.</summary>
    public Instant WindowEnd(Instant now) => FixedWindow.EndOf(WindowOf(now), Window);
}
