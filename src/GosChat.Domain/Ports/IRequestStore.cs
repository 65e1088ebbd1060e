using GosChat.Domain.Requests;

namespace GosChat.Domain.Ports;

/// <summary>
/// Request cards (<see cref="ServiceRequest"/>). A request is stored under its ticket's 8-digit sequence, so one
/// conversation holds at most one request whatever kind digit it was given; reads by ticket answer only the exact
/// ticket. Each save is one atomic compare-and-set on the version (one Lua script on Redis).
/// </summary>
public interface IRequestStore
{
    /// <summary>
    /// Writes <paramref name="request"/> with version <see cref="ServiceRequest.Version"/> + 1 if the stored version
    /// equals its version (0 = nothing stored under its sequence yet). False, and nothing written, otherwise.
    /// </summary>
    Task<bool> SaveAsync(ServiceRequest request);

    /// <summary>The request with exactly this ticket, or null.</summary>
    Task<ServiceRequest?> GetAsync(string ticket);

    /// <summary>Every request stored (a resolved or declined one until it expires), in no particular order (personal-data search by phone).</summary>
    Task<IReadOnlyList<ServiceRequest>> ListAsync();

    /// <summary>
    /// The supervisors' list: one page by status, queue and overdue, due soonest first, with counts per status and of
    /// overdue requests, read from indexes (only the page's cards are read).
    /// </summary>
    Task<RequestPage> QueryAsync(RequestQuery query);

    /// <summary>
    /// Removes the request with exactly this ticket — the card, its access-code hash and its index entries — so it is
    /// found by no read or list afterwards (personal-data erasure). False when there was none.
    /// </summary>
    Task<bool> DeleteAsync(string ticket);
}
