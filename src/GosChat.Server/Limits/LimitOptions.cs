using System.ComponentModel.DataAnnotations;
using GosChat.Domain.Limits;

namespace GosChat.Server.Limits;

/// <summary>
/// <c>GosChat:Limits</c>: what one anonymous visitor may do, per connection and per client address, so that one
/// visitor cannot exhaust the server or crowd out other citizens. Over a limit is a refusal with the code
/// <c>rate_limited</c> (hub error, or HTTP 429) that says when to try again. Per-address limits are generous:
/// many citizens share one address behind mobile carriers' and offices' NAT.
/// </summary>
public sealed class LimitOptions : IValidatableObject
{
    public const string Section = "GosChat:Limits";

    public RuleOptions StartSessionPerConnection { get; set; } = new(3, TimeSpan.FromHours(1));
    public RuleOptions StartSessionPerAddress { get; set; } = new(30, TimeSpan.FromHours(1));
    public RuleOptions SendMessagePerConnection { get; set; } = new(20, TimeSpan.FromSeconds(10));
    public RuleOptions SendMessagePerAddress { get; set; } = new(600, TimeSpan.FromMinutes(1));
    /// <summary>Typing events beyond this are dropped silently (they carry nothing that could be lost).</summary>
    public RuleOptions TypingPerConnection { get; set; } = new(20, TimeSpan.FromSeconds(10));
    public RuleOptions UploadsPerAddress { get; set; } = new(30, TimeSpan.FromHours(1));

    /// <summary>
    /// A connection refused this many times in a row is cut off (its transport reset): a client that keeps flooding
    /// costs nothing more. A person typing never comes near it.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int RefusalsBeforeDisconnect { get; set; } = 10;

    /// <summary>
    /// After a connection from an address is cut off for flooding, new citizen-hub connections from that address are
    /// refused (429 before the upgrade) for this long. Zero turns it off. Short, because many citizens may share one
    /// address behind NAT; their widgets reconnect with back-off and get through once it has passed.
    /// </summary>
    public TimeSpan CutOffPenalty { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a connection refused for <see cref="CutOffPenalty"/> waits for its 429: a flooder that reconnects the
    /// moment it is refused then costs one refusal per this delay, not one per round trip. Zero answers at once.
    /// </summary>
    public TimeSpan BarredAnswerDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Refused requests of one address held at once (<see cref="BarredAnswerDelay"/>); more are answered straight away.</summary>
    [Range(0, int.MaxValue)]
    public int BarredAnswersHeldPerAddress { get; set; } = 4;

    /// <summary>Open citizen-hub connections from one address at once.</summary>
    [Range(1, int.MaxValue)]
    public int ConnectionsPerAddress { get; set; } = 50;

    /// <summary>Messages a citizen may send in one session.</summary>
    [Range(1, int.MaxValue)]
    public int MessagesPerSession { get; set; } = 1000;

    /// <summary>Files attached to one session, and their bytes together.</summary>
    [Range(1, int.MaxValue)]
    public int AttachmentsPerSession { get; set; } = 10;

    [Range(1, long.MaxValue)]
    public long AttachmentBytesPerSession { get; set; } = 25L * 1024 * 1024;

    /// <summary>Files a citizen may attach before an operator has joined the session.</summary>
    [Range(0, int.MaxValue)]
    public int AttachmentsBeforeOperator { get; set; } = 1;

    /// <summary>Bytes of attachments the whole service accepts in one day, from everyone.</summary>
    [Range(1, long.MaxValue)]
    public long AttachmentBytesPerDay { get; set; } = 2L * 1024 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in new[]
                 {
                     (nameof(StartSessionPerConnection), StartSessionPerConnection), (nameof(StartSessionPerAddress), StartSessionPerAddress),
                     (nameof(SendMessagePerConnection), SendMessagePerConnection), (nameof(SendMessagePerAddress), SendMessagePerAddress),
                     (nameof(TypingPerConnection), TypingPerConnection), (nameof(UploadsPerAddress), UploadsPerAddress),
                 })
        {
            if (rule.Limit < 1) yield return new ValidationResult($"{Section}:{name}:Limit must be at least 1.");
            if (rule.Window <= TimeSpan.Zero) yield return new ValidationResult($"{Section}:{name}:Window must be positive (hh:mm:ss).");
        }
        if (CutOffPenalty < TimeSpan.Zero) yield return new ValidationResult($"{Section}:{nameof(CutOffPenalty)} must not be negative (hh:mm:ss).");
        if (BarredAnswerDelay < TimeSpan.Zero || BarredAnswerDelay > TimeSpan.FromSeconds(30))
            yield return new ValidationResult($"{Section}:{nameof(BarredAnswerDelay)} must be between 00:00:00 and 00:00:30.");
    }
}

/// <summary>At most <see cref="Limit"/> per <see cref="Window"/>.</summary>
public sealed class RuleOptions
{
    public RuleOptions() { }

    public RuleOptions(int limit, TimeSpan window)
    {
        Limit = limit;
        Window = window;
    }

    private LimitRule? _rule;

    public int Limit
    {
        get;
        set { field = value; _rule = null; }
    }

    public TimeSpan Window
    {
        get;
        set { field = value; _rule = null; }
    }

    /// <summary>One instance while the settings stay: every citizen connection's windows share it.</summary>
    public LimitRule Rule => _rule ??= LimitRule.Per(Limit, Window);
}
