using GosChat.Domain.Jobs;
using NodaTime;

namespace GosChat.Server.Jobs;

/// <summary>
/// What a Hangfire job carries (serialized by Hangfire as its one argument): the domain's job plus
/// <see cref="Token"/>, which names this very Hangfire job in the <see cref="JobIndex"/>, so a replaced or
/// cancelled job that still wakes up can tell it is stale.
/// </summary>
public sealed record JobArgs(string Id, string Kind, long DueAtUnixMs, string Payload, string Token)
{
    public static JobArgs For(DelayedJob job) =>
        new(job.Id, job.Kind, job.DueAt.ToUnixTimeMilliseconds(), job.Payload, Guid.NewGuid().ToString("N"));

    /// <summary>The due time as an instant (not serialized: Hangfire stores <see cref="DueAtUnixMs"/>).</summary>
    [Newtonsoft.Json.JsonIgnore]
    public Instant DueAt => Instant.FromUnixTimeMilliseconds(DueAtUnixMs);

    public DelayedJob ToJob() => new(Id, Kind, Payload, DueAt);

    /// <summary>What Hangfire's dashboard shows as the job's name: kind and id, never the payload.</summary>
    public override string ToString() => $"{Kind} {Id}";

    /// <summary>The arguments of a Hangfire job made by <see cref="HangfireJobScheduler"/>, or null for any other job.</summary>
    public static JobArgs? Of(Hangfire.Common.Job? job) =>
        job?.Args is { Count: > 0 } args ? args[0] as JobArgs : null;
}
