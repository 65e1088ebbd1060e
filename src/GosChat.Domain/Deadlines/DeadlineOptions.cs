using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Response deadlines (configuration <c>GosChat:Deadlines</c>, durations as <c>hh:mm:ss</c>), with optional
/// per-queue overrides (<c>GosChat:Queues:{id}:Deadlines</c>). Defaults are the help line's published rules.
/// </summary>
public sealed class DeadlineOptions
{
    public const string Section = "GosChat:Deadlines";

    /// <summary>Chat: the operator's first reply, counted from when the session is queued while the queue is open.</summary>
    public TimeSpan ChatFirstReply { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Chat: the session resolved and closed.</summary>
    public TimeSpan ChatResolution { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Phone: the call answered by an operator.</summary>
    public TimeSpan CallAnswer { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Phone under overload: the caller told the request was accepted.</summary>
    public TimeSpan CallbackConfirmation { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Resolution deadline of security-urgent work (written requests: 4 h instead of 24 h). A critical chat gets the
    /// shorter of this and <see cref="ChatResolution"/>, never more than an ordinary chat.
    /// </summary>
    public TimeSpan SecurityUrgentResolution { get; set; } = TimeSpan.FromHours(4);

    /// <summary>When the warning goes out, as a fraction of the deadline (0 &lt; WarnAt &lt; 1). Default 0.75.</summary>
    public double WarnAt { get; set; } = 0.75;

    /// <summary>
    /// How long a breach announcement may stay unconfirmed (its node died or hung between recording and publishing)
    /// before another node announces it again. Default 15 s.
    /// </summary>
    public TimeSpan AnnounceRetryAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Per-queue overrides, keyed by queue id.</summary>
    public Dictionary<string, DeadlineOverrides> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="kind"/> lasts for a session of <paramref name="queue"/>.</summary>
    public Duration For(string queue, DeadlineKind kind, bool critical)
    {
        Queues.TryGetValue(queue, out var o);
        var span = kind switch
        {
            DeadlineKind.FirstResponse => o?.ChatFirstReply ?? ChatFirstReply,
            // A critical (security-urgent) chat is never given longer than an ordinary one.
            DeadlineKind.Resolution => critical
                ? Min(o?.SecurityUrgentResolution ?? SecurityUrgentResolution, o?.ChatResolution ?? ChatResolution)
                : o?.ChatResolution ?? ChatResolution,
            DeadlineKind.Answer => o?.CallAnswer ?? CallAnswer,
            DeadlineKind.CallbackConfirmation => o?.CallbackConfirmation ?? CallbackConfirmation,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown deadline."),
        };
        return Duration.FromTimeSpan(span);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>When the warning of a deadline of <paramref name="length"/> started at <paramref name="startedAt"/> is due.</summary>
    public Instant WarningAt(Instant startedAt, Duration length) => startedAt + WarnAfter(length);

    /// <summary>How far into a deadline of <paramref name="length"/> its warning goes out (<see cref="WarnAt"/> of it, whole milliseconds).</summary>
    public Duration WarnAfter(Duration length) => Duration.FromMilliseconds(Math.Floor(length.TotalMilliseconds * WarnAt));

    /// <summary>Throws a readable error when a setting is out of range.</summary>
    public void Validate()
    {
        if (WarnAt is <= 0 or >= 1 || double.IsNaN(WarnAt))
            throw new ArgumentOutOfRangeException(nameof(WarnAt), WarnAt, $"{Section}:WarnAt must be a fraction between 0 and 1 (exclusive).");
        Positive(ChatFirstReply, nameof(ChatFirstReply));
        Positive(ChatResolution, nameof(ChatResolution));
        Positive(CallAnswer, nameof(CallAnswer));
        Positive(CallbackConfirmation, nameof(CallbackConfirmation));
        Positive(SecurityUrgentResolution, nameof(SecurityUrgentResolution));
        Positive(AnnounceRetryAfter, nameof(AnnounceRetryAfter));
        foreach (var (queue, o) in Queues)
        {
            if (o.ChatFirstReply is { } a) Positive(a, $"Queues:{queue}:ChatFirstReply");
            if (o.ChatResolution is { } b) Positive(b, $"Queues:{queue}:ChatResolution");
            if (o.CallAnswer is { } c) Positive(c, $"Queues:{queue}:CallAnswer");
            if (o.CallbackConfirmation is { } d) Positive(d, $"Queues:{queue}:CallbackConfirmation");
            if (o.SecurityUrgentResolution is { } e) Positive(e, $"Queues:{queue}:SecurityUrgentResolution");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(name, value, $"Deadline {name} must be positive (hh:mm:ss).");
    }
}

/// <summary>One queue's deadlines that differ from the general ones (<c>GosChat:Queues:{id}:Deadlines</c>); unset = general.</summary>
public sealed class DeadlineOverrides
{
    public TimeSpan? ChatFirstReply { get; set; }
    public TimeSpan? ChatResolution { get; set; }
    public TimeSpan? CallAnswer { get; set; }
    public TimeSpan? CallbackConfirmation { get; set; }
    public TimeSpan? SecurityUrgentResolution { get; set; }
}
