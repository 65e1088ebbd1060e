using Microsoft.Extensions.Options;

namespace GosChat.Server.Jobs;

/// <summary>
/// The "GosChat:Jobs" configuration section: the node's Hangfire server, its storage and the retry policy of
/// delayed jobs (deadlines, callbacks). Bound with the configuration binder, checked at start.
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "GosChat:Jobs";

    /// <summary>Hangfire workers on this node: jobs run at once. Default 10.</summary>
    public int WorkerCount { get; set; } = 10;

    /// <summary>How often this node moves due scheduled jobs to the queue (wall clock). Default 1 s.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping node waits for running jobs before it lets go of them (they run again elsewhere). Default 15 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Threads of this node's own that make Hangfire's (synchronous, blocking) storage calls when jobs are scheduled
    /// or cancelled, so a burst of starts never ties up the .NET thread pool, on which the Redis client reads its
    /// replies. Default 8.
    /// </summary>
    public int StorageThreads { get; set; } = 8;

    /// <summary>Longest wait for the per-job lock that makes replacing and cancelling a job by id safe across nodes. Default 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Key prefix of Hangfire's storage on Redis (when <c>Redis:Configuration</c> is set). Default
    /// <c>goschat:v1:{hangfire}:</c>: Hangfire changes several of its keys in one transaction, so on Redis Cluster they
    /// must share a hash slot — the hash tag <c>{hangfire}</c> does that.
    /// </summary>
    public string RedisPrefix { get; set; } = "goschat:v1:{hangfire}:";

    /// <summary>On Redis: after how long a job taken by a node that died (or hangs) is run again elsewhere. Default 5 min.</summary>
    public TimeSpan RedisInvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a failing deadline or callback job before it is marked failed.</summary>
    public RetryOptions Retry { get; set; } = new();
}

/// <summary>
/// Hangfire's automatic retry of one kind of job: after a failure the job is scheduled again after
/// <see cref="FirstDelay"/>, doubled for each further failure up to <see cref="MaxDelay"/> (whole seconds);
/// after <see cref="Attempts"/> retries it stays in Hangfire's Failed state until a supervisor retries it.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first failure (0 = none). Default 10.</summary>
    public int Attempts { get; set; } = 10;

    /// <summary>Delay before the first retry. Default 5 s.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the delay. Default 5 min.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whole seconds before retry number <paramref name="retry"/> (1-based): First·2^(retry−1), capped at Max.</summary>
    public int DelaySecondsBefore(long retry)
    {
        var seconds = Math.Max(0, FirstDelay.TotalSeconds);
        for (var i = 1; i < retry && seconds < MaxDelay.TotalSeconds; i++) seconds *= 2;
        return (int)Math.Ceiling(Math.Min(seconds, MaxDelay.TotalSeconds));
    }

    /// <summary>What is wrong with these settings (empty when valid); <paramref name="path"/> names the section.</summary>
    public IEnumerable<string> Problems(string path)
    {
        if (Attempts < 0) yield return $"{path}:Attempts must not be negative.";
        if (FirstDelay < TimeSpan.Zero) yield return $"{path}:FirstDelay must not be negative.";
        if (MaxDelay < FirstDelay) yield return $"{path}:MaxDelay must be at least FirstDelay.";
        if (MaxDelay > TimeSpan.FromDays(1)) yield return $"{path}:MaxDelay must be at most one day.";
    }
}

/// <summary>Refuses to start a node with out-of-range job settings, naming each bad key.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var problems = new List<string>();
        if (options.WorkerCount is < 1 or > 100) problems.Add($"{JobsOptions.Section}:WorkerCount must be from 1 to 100.");
        if (options.StorageThreads is < 1 or > 64) problems.Add($"{JobsOptions.Section}:StorageThreads must be from 1 to 64.");
        if (options.SchedulePollingInterval <= TimeSpan.Zero) problems.Add($"{JobsOptions.Section}:SchedulePollingInterval must be positive.");
        if (options.ShutdownTimeout < TimeSpan.Zero) problems.Add($"{JobsOptions.Section}:ShutdownTimeout must not be negative.");
        if (options.LockTimeout <= TimeSpan.Zero) problems.Add($"{JobsOptions.Section}:LockTimeout must be positive.");
        if (string.IsNullOrWhiteSpace(options.RedisPrefix)) problems.Add($"{JobsOptions.Section}:RedisPrefix must not be empty.");
        if (options.RedisInvisibilityTimeout < TimeSpan.FromSeconds(30)) problems.Add($"{JobsOptions.Section}:RedisInvisibilityTimeout must be at least 30 seconds.");
        problems.AddRange(options.Retry.Problems($"{JobsOptions.Section}:Retry"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
