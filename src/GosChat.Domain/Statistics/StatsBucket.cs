using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>The counters of one queue in one 5-minute bucket (names in <see cref="StatsCounters"/>).</summary>
public sealed record StatsBucket(string Queue, Instant Start, IReadOnlyDictionary<string, long> Counters)
{
    public long this[string counter] => Counters.TryGetValue(counter, out var v) ? v : 0;
}

/// <summary>Counter names, as stored.</summary>
public static class StatsCounters
{
    /// <summary>Sessions that entered the queue (started, released at opening, transferred or returned to it).</summary>
    public const string Queued = "queued";
    /// <summary>Sessions an operator accepted.</summary>
    public const string Answered = "answered";
    /// <summary>Sum of seconds waited by the answered sessions.</summary>
    public const string WaitSeconds = "waitSeconds";
    /// <summary>First operator replies.</summary>
    public const string FirstReplies = "firstReplies";
    /// <summary>Sum of seconds from entering the queue to the first reply.</summary>
    public const string FirstReplySeconds = "firstReplySeconds";
    /// <summary>First replies within the first-reply deadline.</summary>
    public const string FirstRepliesInTime = "firstRepliesInTime";
    /// <summary>Sessions closed after an operator had them.</summary>
    public const string Handled = "handled";
    /// <summary>Sum of seconds from acceptance to close of handled sessions.</summary>
    public const string HandleSeconds = "handleSeconds";
    /// <summary>Sessions closed while still waiting (the citizen gave up).</summary>
    public const string Abandoned = "abandoned";
    /// <summary>Of <see cref="Queued"/>, the calls (the rest are chats).</summary>
    public const string CallQueued = "callQueued";
    /// <summary>Of <see cref="Handled"/>, the calls.</summary>
    public const string CallHandled = "callHandled";
    /// <summary>Of <see cref="HandleSeconds"/>, the calls'.</summary>
    public const string CallHandleSeconds = "callHandleSeconds";
}

/// <summary>The bucket arithmetic: 5 minutes, aligned to the Unix epoch.</summary>
public static class StatsBuckets
{
    public static readonly Duration Width = Duration.FromMinutes(5);

    public static Instant Of(Instant at)
    {
        var ticks = Width.BclCompatibleTicks;
        var t = at.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(t - ((t % ticks) + ticks) % ticks);
    }
}
