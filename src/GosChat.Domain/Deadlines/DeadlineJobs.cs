using System.Text.Json;
using GosChat.Domain.Serialization;
using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>What a deadline job carries. No personal data: ids, the deadline and its times only.</summary>
public sealed record DeadlineJobPayload(string SessionId, DeadlineKind Kind, Instant StartedAt, Instant DueAt);

/// <summary>Job kinds and ids of deadline jobs: two per deadline, a warning and then (scheduled by it) the breach check.</summary>
public static class DeadlineJobs
{
    public const string WarningType = "deadline.warning";
    public const string BreachType = "deadline.breach";

    /// <summary><c>deadline:{sessionId}:{kind}:warn</c>: one per session and deadline, so re-scheduling replaces it.</summary>
    public static string WarningId(string sessionId, DeadlineKind kind) => $"deadline:{sessionId}:{DeadlineNames.Of(kind)}:warn";

    /// <summary><c>deadline:{sessionId}:{kind}:due</c>.</summary>
    public static string BreachId(string sessionId, DeadlineKind kind) => $"deadline:{sessionId}:{DeadlineNames.Of(kind)}:due";

    /// <summary>The breach check of a deadline, at the due time <paramref name="payload"/> carries (scheduled by its warning).</summary>
    public static Jobs.DelayedJob Breach(DeadlineJobPayload payload) =>
        new(BreachId(payload.SessionId, payload.Kind), BreachType, Serialize(payload), payload.DueAt);

    public static string Serialize(DeadlineJobPayload payload) => JsonSerializer.Serialize(payload, DomainJson.Options);

    public static DeadlineJobPayload Deserialize(string json) =>
        JsonSerializer.Deserialize<DeadlineJobPayload>(json, DomainJson.Options)
        ?? throw new JsonException("Empty deadline job payload.");
}
