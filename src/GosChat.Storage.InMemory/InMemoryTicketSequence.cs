using GosChat.Domain.Ports;

namespace GosChat.Storage.InMemory;

public sealed class InMemoryTicketSequence : ITicketSequence
{
    private long _last;

    public Task<long> NextAsync() => Task.FromResult(Interlocked.Increment(ref _last));
}
