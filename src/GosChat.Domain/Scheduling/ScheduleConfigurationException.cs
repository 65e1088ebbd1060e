namespace GosChat.Domain.Scheduling;

/// <summary>A schedule setting that cannot be used; <see cref="Key"/> names it.</summary>
public sealed class ScheduleConfigurationException : Exception
{
    public ScheduleConfigurationException(string key, string problem, Exception? inner = null)
        : base($"Configuration '{key}': {problem}", inner)
    {
        Key = key;
        Problem = problem;
    }

    /// <summary>The full configuration key, e.g. <c>GosChat:Queues:101:Schedule:Monday:0</c>.</summary>
    public string Key { get; }

    public string Problem { get; }
}
