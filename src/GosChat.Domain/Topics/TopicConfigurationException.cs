namespace GosChat.Domain.Topics;

/// <summary>A keyword setting that cannot be used; <see cref="Key"/> names it.</summary>
public sealed class TopicConfigurationException : Exception
{
    public TopicConfigurationException(string key, string problem)
        : base($"Configuration '{key}': {problem}")
    {
        Key = key;
        Problem = problem;
    }

    /// <summary>The full configuration key, e.g. <c>GosChat:Topics:Keywords:103:2</c>.</summary>
    public string Key { get; }

    public string Problem { get; }
}
