using NodaTime;

namespace GosChat.Domain.Limits;

/// <summary>Fixed windows of a length, aligned to the Unix epoch: the one definition every limit and counter uses.</summary>
public static class FixedWindow
{
    /// <summary>The index of the window of length <paramref name="window"/> that contains <paramref name="now"/> (floored, also before 1970).</summary>
    public static long IndexOf(Instant now, Duration window)
    {
        var index = Math.DivRem(now.ToUnixTimeTicks(), window.BclCompatibleTicks, out var rest);
        return rest < 0 ? index - 1 : index;
    }

    /// <summary>When the window of that index ends.</summary>
    public static Instant EndOf(long index, Duration window) => Instant.FromUnixTimeTicks((index + 1) * window.BclCompatibleTicks);
}
