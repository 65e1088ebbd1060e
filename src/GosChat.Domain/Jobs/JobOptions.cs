using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>Settings of the job runner. Durations bind from configuration as "d:hh:mm:ss" (e.g. "0:00:00:30").</summary>
public sealed class JobOptions
{
    /// <summary>How long a claim lasts; a job not finished by then may be claimed by another worker. Default 30 s.</summary>
    public Duration Lease { get; set; } = Duration.FromSeconds(30);

    /// <summary>Attempts (claims) before a failing job is dead-lettered. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubled for each further attempt. Default 5 s.</summary>
    public Duration BaseRetryDelay { get; set; } = Duration.FromSeconds(5);

    /// <summary>Upper bound of the retry delay. Default 5 min.</summary>
    public Duration MaxRetryDelay { get; set; } = Duration.FromMinutes(5);

    /// <summary>Most jobs claimed (and run concurrently) per <see cref="JobRunner.RunDueAsync"/>. Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How often the hosting service polls for due jobs (wall clock). Default 500 ms.</summary>
    public Duration PollInterval { get; set; } = Duration.FromMilliseconds(500);

    /// <summary>Identity of this runner in claims. Null: machine name plus a random suffix, fresh per runner.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Delay before retrying after failed attempt number <paramref name="attempt"/> (1-based): Base·2^(attempt−1), capped at Max.</summary>
    public Duration RetryDelayAfter(int attempt)
    {
        if (attempt < 1) attempt = 1;
        var max = MaxRetryDelay;
        var delay = BaseRetryDelay;
        for (var i = 1; i < attempt && delay < max; i++) delay += delay;
        return delay < max ? delay : max;
    }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Lease <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "Lease must be positive.");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        if (BaseRetryDelay < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(BaseRetryDelay), BaseRetryDelay, "BaseRetryDelay must not be negative.");
        if (MaxRetryDelay < BaseRetryDelay) throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "MaxRetryDelay must be at least BaseRetryDelay.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (PollInterval <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "PollInterval must be positive.");
    }
}
