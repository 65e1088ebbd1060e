using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>
/// A durable delayed job as a store keeps it. Times have millisecond precision (stores truncate).
/// </summary>
/// <param name="Id">Caller-chosen identity; scheduling the same id again replaces the job.</param>
/// <param name="Type">Selects the <see cref="IJobHandler"/> that runs it.</param>
/// <param name="Payload">Handler input, usually JSON. Treated as opaque text by stores.</param>
/// <param name="DueAt">When it may run (for <see cref="JobState.Failed"/>: when it will be retried).</param>
/// <param name="Attempts">How many times it has been claimed since it was (re)scheduled.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="LastError">The error of the last failed attempt, if any.</param>
/// <param name="LeaseUntil">While running: when the claim lapses and another worker may take it.</param>
/// <param name="ClaimedBy">While running: the worker that holds the lease.</param>
/// <param name="CreatedAt">When the id was first scheduled (kept across reschedules).</param>
public sealed record JobRecord(
    string Id,
    string Type,
    string Payload,
    Instant DueAt,
    int Attempts,
    JobState State,
    string? LastError,
    Instant? LeaseUntil,
    string? ClaimedBy,
    Instant CreatedAt);
