using System.Text.Json;
using GosChat.Domain.Serialization;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>What a request follow-up job carries: the ticket and the instant it was scheduled for (no personal data).</summary>
public sealed record RequestJobPayload(string Ticket, Instant At);

/// <summary>Kinds and ids of a request's follow-up jobs: one of each per request, so scheduling again replaces it.</summary>
public static class RequestJobs
{
    public const string WarningType = "request.warning";
    public const string BreachType = "request.breach";
    public const string ReminderType = "request.reminder";
    public const string NoticeType = "request.notice";

    public static string WarningId(string ticket) => $"request:{ticket}:warn";
    public static string BreachId(string ticket) => $"request:{ticket}:due";
    public static string ReminderId(string ticket) => $"request:{ticket}:remind";
    public static string NoticeId(string ticket, int seq) => $"request:{ticket}:notice:{seq}";

    public static string Serialize(RequestJobPayload payload) => JsonSerializer.Serialize(payload, DomainJson.Options);

    public static RequestJobPayload Deserialize(string json) =>
        JsonSerializer.Deserialize<RequestJobPayload>(json, DomainJson.Options) ?? throw new JsonException("Empty request job payload.");
}

/// <summary>Settings of the follow-up (<c>GosChat:Requests</c>; the warning fraction is <c>GosChat:Deadlines:WarnAt</c>).</summary>
public sealed class RequestFollowUpOptions
{
    /// <summary>The warning goes out when this fraction of the deadline's working time has passed (0.75).</summary>
    public double WarnAt { get; init; } = 0.75;

    /// <summary>A request waiting on the citizen this long (wall time) sends them a reminder (48 h).</summary>
    public Duration ReminderAfter { get; init; } = Duration.FromHours(48);
}

/// <summary>Tells staff about request deadlines: the server pushes these to consoles.</summary>
public interface IRequestDeadlineNotifier
{
    /// <summary>Its deadline is near: to the assignee.</summary>
    Task WarningAsync(ServiceRequest request);

    /// <summary>Its deadline was missed: to the supervisors (and the senior tier's consoles).</summary>
    Task BreachedAsync(ServiceRequest request, Instant recordedAt);
}
