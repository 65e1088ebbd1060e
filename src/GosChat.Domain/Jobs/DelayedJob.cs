using NodaTime;

namespace GosChat.Domain.Jobs;

/// <summary>
/// A piece of work the domain wants done at a time: what (<see cref="Kind"/> and <see cref="Payload"/>) and when
/// (<see cref="DueAt"/>, on the application clock). No personal data: ids, kinds and payloads are shown to
/// supervisors and may be logged.
/// </summary>
/// <param name="Id">Caller-chosen identity; scheduling the same id again replaces the job, cancelling it removes it.</param>
/// <param name="Kind">Selects the <see cref="IJobHandler"/> that runs it.</param>
/// <param name="Payload">Handler input, usually JSON; opaque to the scheduler.</param>
/// <param name="DueAt">The earliest instant it may run (application clock).</param>
public sealed record DelayedJob(string Id, string Kind, string Payload, Instant DueAt);
