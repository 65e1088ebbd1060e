namespace GosChat.Domain.Topics;

/// <summary>Keyword settings, bound from <c>GosChat:Topics</c>.</summary>
public sealed class TopicOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "GosChat:Topics";

    /// <summary>
    /// <c>GosChat:Topics:Keywords:{queue}</c>: words or phrases that point to a queue (<c>101</c>..<c>104</c>).
    /// A configured list replaces that queue's default list; queues not configured keep their defaults.
    /// Starts empty on purpose: the configuration binder appends to lists it finds already filled.
    /// </summary>
    public Dictionary<string, List<string>> Keywords { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>GosChat:Topics:SecurityUrgent</c>: words or phrases that mark a chat security-urgent (critical); a configured
    /// list replaces <see cref="DefaultTopicKeywords.SecurityUrgent"/>. Empty = the defaults.
    /// </summary>
    public List<string> SecurityUrgent { get; set; } = [];
}
