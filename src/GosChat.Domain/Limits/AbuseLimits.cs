using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Domain.Limits;

/// <summary>
/// Shared limits: a fixed window per key on <see cref="ILimitCounters"/>. Over the limit is a refusal with the code
/// <c>rate_limited</c> (HTTP 429) that says when to try again; nothing else has been changed.
/// </summary>
public sealed class AbuseLimits(ILimitCounters counters, IClock clock)
{
    /// <summary>Counts <paramref name="amount"/> against <paramref name="rule"/> for <paramref name="key"/>; refuses past the limit.</summary>
    public async Task TakeAsync(string key, LimitRule rule, string what, long amount = 1)
    {
        var now = clock.GetCurrentInstant();
        var total = await counters.AddAsync(key, amount, now, rule.Window);
        if (total > rule.Limit) throw Refused(what, rule.WindowEnd(now) - now);
    }

    /// <summary>True when taking one more would stay within the limit (the count moves either way).</summary>
    public async Task<bool> TryTakeAsync(string key, LimitRule rule)
    {
        var now = clock.GetCurrentInstant();
        return await counters.AddAsync(key, 1, now, rule.Window) <= rule.Limit;
    }

    public static DomainException Refused(string what, Duration retryAfter) =>
        DomainException.TooMany(ErrorCodes.RateLimited,
            $"Too many {what}; try again in {Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds))} s.");
}
