namespace GosChat.Domain.Scheduling;

/// <summary>The hours of one language, bound from <c>GosChat:Languages:{code}</c>.</summary>
public sealed class LanguageOptions
{
    /// <summary>
    /// <c>GosChat:Languages:{code}:Schedule:{Monday..Sunday}</c>: windows in which operators for this
    /// language work, read like a queue schedule. Configuring a language replaces its default window.
    /// With no day configured the language keeps its default (none for ru and en, daily 08:00-20:00 for
    /// tt and ba). <c>00:00-24:00</c> on every day lifts the restriction.
    /// </summary>
    public Dictionary<string, List<string>> Schedule { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>GosChat:Languages:{code}:Phone:Schedule:{Day}</c>: the language's phone windows; none configured = as the chat's.</summary>
    public ChannelScheduleOptions Phone { get; set; } = new();

    /// <summary>
    /// <c>GosChat:Languages:{code}:OwnHours</c>: the windows are this language's own hours, served even while the queue is
    /// closed (English around the clock where staffed). False (default): they only narrow the queue's hours.
    /// </summary>
    public bool OwnHours { get; set; }
}
