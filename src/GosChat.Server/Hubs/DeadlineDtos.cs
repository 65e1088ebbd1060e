using NodaTime;

namespace GosChat.Server.Hubs;

/// <summary>
/// Extension (supervisors): a deadline was missed. <c>deadline</c> as in <see cref="DeadlineWarningDto"/>. Sent at least
/// once: a repeat (a retry after a node died mid-announcement) carries the same <c>breachId</c>, which clients use to
/// show it once.
/// </summary>
public sealed record DeadlineBreachedDto(string SessionId, string Ticket, string Queue, string Deadline, Instant DueAt, long LateBySeconds, string BreachId);
