using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;

namespace GosChat.Storage.InMemory;

/// <summary>Request cards in process memory (one node), by ticket sequence; saves are serialized by one lock.</summary>
public sealed class InMemoryRequestStore : IRequestStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServiceRequest> _requests = new(StringComparer.Ordinal);

    public Task<bool> SaveAsync(ServiceRequest request)
    {
        var sequence = Ticket.SequenceOf(request.Ticket);
        lock (_gate)
        {
            var stored = _requests.GetValueOrDefault(sequence);
            if ((stored?.Version ?? 0) != request.Version || (stored is not null && stored.Ticket != request.Ticket))
                return Task.FromResult(false);
            _requests[sequence] = request with { Version = request.Version + 1 };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<ServiceRequest>> ListAsync()
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<ServiceRequest>>([.. _requests.Values]);
    }

    public Task<RequestPage> QueryAsync(RequestQuery query)
    {
        List<ServiceRequest> inQueue;
        lock (_gate) inQueue = [.. _requests.Values.Where(r => query.Queue is null || r.Queue == query.Queue)];
        var counts = Enum.GetValues<RequestStatus>().ToDictionary(s => s, s => inQueue.Count(r => r.Status == s));
        var matching = inQueue
            .Where(r => query.Status is null || r.Status == query.Status)
            .Where(r => !query.OverdueOnly || RequestList.IsOverdue(r, query.Now))
            .OrderBy(r => r.DueAt).ThenBy(r => r.Ticket, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new RequestPage([.. matching.Take(query.Limit)], matching.Count, counts,
            inQueue.Count(r => RequestList.IsOverdue(r, query.Now))));
    }

    public Task<bool> DeleteAsync(string ticket)
    {
        if (!Ticket.IsValid(ticket)) return Task.FromResult(false);
        var sequence = Ticket.SequenceOf(ticket);
        lock (_gate)
            return Task.FromResult(_requests.GetValueOrDefault(sequence) is { } r && r.Ticket == ticket && _requests.Remove(sequence));
    }

    public Task<ServiceRequest?> GetAsync(string ticket)
    {
        if (!Ticket.IsValid(ticket)) return Task.FromResult<ServiceRequest?>(null);
        lock (_gate)
            return Task.FromResult(_requests.GetValueOrDefault(Ticket.SequenceOf(ticket)) is { } r && r.Ticket == ticket ? r : null);
    }
}
