using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>One row of the supervisors' list: the request and whether it is overdue now.</summary>
public sealed record RequestListItem(ServiceRequest Request, bool Overdue);

/// <summary>
/// The supervisors' list: the rows that pass the filters (due soonest first, at most <see cref="RequestList.MaxRows"/>),
/// how many passed in all, and the counts per status and overdue over the queue's requests (the status and overdue
/// filters aside, so the counts say what each filter would show).
/// </summary>
public sealed record RequestListResult(
    IReadOnlyList<RequestListItem> Items, int Matching, IReadOnlyDictionary<RequestStatus, int> Counts, int OverdueCount);

/// <summary>
/// Requests for supervisors, filtered by status, queue and overdue. A request is overdue when it is neither resolved nor
/// declined and its due instant has passed (whether or not the breach job has run yet).
/// </summary>
public sealed class RequestList(IRequestStore store, IClock clock)
{
    public const int MaxRows = 500;

    public async Task<RequestListResult> ListAsync(string? status, string? queue, bool overdueOnly)
    {
        RequestStatus? wanted = string.IsNullOrEmpty(status) ? null
            : status == RequestStatuses.Received ? RequestStatus.Received : RequestStatuses.Parse(status);
        if (!string.IsNullOrEmpty(queue) && !QueueCatalog.IsKnown(queue))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, "queue must be one of 101, 102, 103, 104.");
        var now = clock.GetCurrentInstant();
        var inQueue = (await store.ListAsync())
            .Where(r => string.IsNullOrEmpty(queue) || r.Queue == queue)
            .Select(r => new RequestListItem(r, IsOverdue(r, now)))
            .ToList();
        var counts = Enum.GetValues<RequestStatus>().ToDictionary(s => s, s => inQueue.Count(i => i.Request.Status == s));
        var matching = inQueue
            .Where(i => wanted is null || i.Request.Status == wanted)
            .Where(i => !overdueOnly || i.Overdue)
            .OrderBy(i => i.Request.DueAt).ThenBy(i => i.Request.Ticket, StringComparer.Ordinal)
            .ToList();
        return new RequestListResult([.. matching.Take(MaxRows)], matching.Count, counts, inQueue.Count(i => i.Overdue));
    }

    public static bool IsOverdue(ServiceRequest request, Instant now) => !request.IsFinal && request.DueAt < now;
}
