using NodaTime;

namespace GosChat.Server.Hubs;

/// <summary>Extension (supervisors): a deadline was missed. <c>deadline</c> as in <see cref="DeadlineWarningDto"/>.</summary>
public sealed record DeadlineBreachedDto(string SessionId, string Ticket, string Queue, string Deadline, Instant DueAt, long LateBySeconds);
