using GosChat.Domain.Jobs;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Storage.Tests.Jobs;

[TestFixture]
public sealed class InMemoryJobStoreTests : JobStoreContract
{
    private InMemoryJobStore? _store;

    protected override Task<IJobStore> CreateStoreAsync(IClock clock)
    {
        _store = new InMemoryJobStore(clock);
        return Task.FromResult<IJobStore>(_store);
    }

    // One process, one store: every "node" shares it.
    protected override IJobStore CreatePeer(IClock clock) => _store!;
}
