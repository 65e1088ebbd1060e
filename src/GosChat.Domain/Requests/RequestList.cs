using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>One row of the supervisors' list: the request and whether it is overdue now.</summary>
public sealed record RequestListItem(ServiceRequest Request, bool Overdue);

/// <summary>
/// The supervisors' list: the rows that pass the filters (due soonest first, a page of at most <c>limit</c> rows),
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
    /// <summary>Rows per page unless asked otherwise.</summary>
    public const int DefaultRows = MaxRows; // without limit=, the list keeps answering as it did before paging: up to 500 rows

    /// <summary>The most rows a page may ask for.</summary>
    public const int MaxRows = 500;

    public async Task<RequestListResult> ListAsync(string? status, string? queue, bool overdueOnly, int? limit = null)
    {
        RequestStatus? wanted = string.IsNullOrEmpty(status) ? null
            : status == RequestStatuses.Received ? RequestStatus.Received : RequestStatuses.Parse(status);
        if (!string.IsNullOrEmpty(queue) && !QueueCatalog.IsKnown(queue))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, "queue must be one of 101, 102, 103, 104.");
        if (limit is < 1 or > MaxRows)
            throw DomainException.BadRequest(ErrorCodes.BadLimit, $"limit must be between 1 and {MaxRows}.");
        var now = clock.GetCurrentInstant();
        var page = await store.QueryAsync(new RequestQuery(wanted, string.IsNullOrEmpty(queue) ? null : queue, overdueOnly, now, limit ?? DefaultRows));
        return new RequestListResult([.. page.Items.Select(r => new RequestListItem(r, IsOverdue(r, now)))], page.Matching, page.Counts, page.OverdueCount);
    }

    public static bool IsOverdue(ServiceRequest request, Instant now) => !request.IsFinal && request.DueAt < now;
}
