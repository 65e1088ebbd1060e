using GosChat.Domain.Ports;
using GosChat.Server.Limits;
using GosChat.Storage.InMemory;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// The cut-off filter starts the bar, resets the connection, then waits for the shared counters: the node's own memory
/// must hold the bar before the task is returned, or a flooder that reconnects the moment its socket dies is let in
/// while the shared write is still under way.
/// </summary>
public sealed class CutOffAddressesTests
{
    [Test]
    public async Task TheBarHoldsOnThisNode_BeforeTheSharedCountersAnswer()
    {
        var counters = new HeldCounters(new InMemoryLimitCounters());
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var cutOff = new CutOffAddresses(counters, clock, Options.Create(new LimitOptions()), TimeProvider.System);

        var barring = cutOff.BarAsync("203.0.113.7");
        Assert.That(barring.IsCompleted, Is.False, "the shared write is still held");
        Assert.That(await cutOff.BarredForAsync("203.0.113.7"), Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(await cutOff.BarredForAsync("203.0.113.8"), Is.Null, "another address is not barred");

        counters.Release();
        await barring;
        clock.Advance(Duration.FromSeconds(15));
        Assert.That(await cutOff.BarredForAsync("203.0.113.7"), Is.Null, "the penalty has passed");
    }

    /// <summary>Real counters whose writes (not reads) wait until released.</summary>
    private sealed class HeldCounters(ILimitCounters inner) : ILimitCounters
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async Task<long> AddAsync(string key, long amount, Instant now, Duration window)
        {
            if (amount != 0) await _released.Task;
            return await inner.AddAsync(key, amount, now, window);
        }

        public Task<long> AdjustAsync(string key, long delta, TimeSpan idleExpiry) => inner.AdjustAsync(key, delta, idleExpiry);
    }
}
