using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// What the supervisors' list asks the store for: requests of <see cref="Status"/> (any when null) in
/// <see cref="Queue"/> (any when null), only the overdue ones (not final, due before <see cref="Now"/>) when
/// <see cref="OverdueOnly"/>, due soonest first (then by ticket), at most <see cref="Limit"/>.
/// </summary>
public sealed record RequestQuery(RequestStatus? Status, string? Queue, bool OverdueOnly, Instant Now, int Limit);

/// <summary>
/// One page of the list: the rows, how many passed the filters in all, and — over the queue's requests, the status and
/// overdue filters aside — the count per status and of overdue ones. Stores keep these counts without reading cards.
/// </summary>
public sealed record RequestPage(IReadOnlyList<ServiceRequest> Items, int Matching, IReadOnlyDictionary<RequestStatus, int> Counts, int OverdueCount);
