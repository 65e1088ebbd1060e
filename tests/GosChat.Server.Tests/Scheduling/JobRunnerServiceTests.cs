using System.Collections.Concurrent;
using GosChat.Domain.Jobs;
using GosChat.Server.Scheduling;
using GosChat.Storage.InMemory;
using GosChat.TestSupport;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace GosChat.Server.Tests.Scheduling;

public sealed class JobRunnerServiceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);

    private static JobOptions FastPolling() => new() { PollInterval = Duration.FromMilliseconds(20), WorkerId = "node-a" };

    [Test]
    public async Task Service_RunsJobsWhenTheClockSaysTheyAreDue()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryJobStore(clock);
        var handled = new ConcurrentQueue<string>();
        var runner = new JobRunner(store, [new Handler("remind", (job, _) => { handled.Enqueue(job.Id); return Task.CompletedTask; })], clock, FastPolling());
        using var service = new JobRunnerService(runner, new ListLogger<JobRunnerService>());
        await store.ScheduleAsync("j1", "remind", "{}", T0 + Duration.FromMinutes(1));

        await service.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.That(handled, Is.Empty, "not due by the injected clock");
        clock.Advance(Duration.FromMinutes(1));
        await Eventually.AssertAsync(() => handled.Count == 1, "the job ran");
        await service.StopAsync(CancellationToken.None);

        Assert.That(await store.GetAsync("j1"), Is.Null);
    }

    [Test]
    public async Task Service_KeepsPolling_WhenThePassThrows()
    {
        var clock = new FakeClock(T0);
        var store = new FlakyStore(new InMemoryJobStore(clock), failures: 3);
        var handled = 0;
        var logger = new ListLogger<JobRunnerService>();
        var runner = new JobRunner(store, [new Handler("t", (_, _) => { Interlocked.Increment(ref handled); return Task.CompletedTask; })], clock, FastPolling());
        using var service = new JobRunnerService(runner, logger);
        await store.ScheduleAsync("j1", "t", "{}", T0);

        await service.StartAsync(CancellationToken.None);
        await Eventually.AssertAsync(() => Volatile.Read(ref handled) == 1, "the job ran after the store recovered");
        await service.StopAsync(CancellationToken.None);

        Assert.That(logger.EventIds.Count(id => id == 4102), Is.EqualTo(3), "each failed pass logged");
        Assert.That(logger.EventIds, Does.Contain(4110));
    }

    [Test]
    public async Task Service_Stopping_HandsBackTheRunningJob()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryJobStore(clock);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new JobRunner(store, [new Handler("slow", async (_, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); })], clock, FastPolling());
        using var service = new JobRunnerService(runner, new ListLogger<JobRunnerService>());
        await store.ScheduleAsync("j1", "slow", "{}", T0);

        await service.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await service.StopAsync(CancellationToken.None);

        var job = await store.GetAsync("j1");
        Assert.That((job!.State, job.DueAt, job.Attempts, job.ClaimedBy), Is.EqualTo((JobState.Scheduled, T0, 0, (string?)null)));
    }

    private sealed class Handler(string type, Func<JobRecord, CancellationToken, Task> run) : IJobHandler
    {
        public string Type => type;

        public Task HandleAsync(JobRecord job, CancellationToken ct) => run(job, ct);
    }

    /// <summary>Fails the first few claims, as a store does while Redis is unreachable.</summary>
    private sealed class FlakyStore(IJobStore inner, int failures) : IJobStore
    {
        private int _failuresLeft = failures;

        public Task<IReadOnlyList<JobRecord>> ClaimDueAsync(Instant now, Duration lease, int max, string workerId) =>
            Interlocked.Decrement(ref _failuresLeft) >= 0
                ? Task.FromException<IReadOnlyList<JobRecord>>(new IOException("store unreachable"))
                : inner.ClaimDueAsync(now, lease, max, workerId);

        public Task<JobRecord> ScheduleAsync(string id, string type, string payload, Instant dueAt) => inner.ScheduleAsync(id, type, payload, dueAt);
        public Task<bool> CancelAsync(string id) => inner.CancelAsync(id);
        public Task<bool> CompleteAsync(string id, string workerId) => inner.CompleteAsync(id, workerId);
        public Task<bool> FailAsync(string id, string workerId, string error, Instant? retryAt) => inner.FailAsync(id, workerId, error, retryAt);
        public Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, int max) => inner.ListAsync(state, max);
        public Task<bool> ReleaseAsync(string id, string workerId, Instant dueAt) => inner.ReleaseAsync(id, workerId, dueAt);
        public Task<bool> RetryDeadAsync(string id, Instant now) => inner.RetryDeadAsync(id, now);
        public Task<JobRecord?> GetAsync(string id) => inner.GetAsync(id);
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly ConcurrentQueue<int> _eventIds = new();

        public IReadOnlyList<int> EventIds => _eventIds.ToArray();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _eventIds.Enqueue(eventId.Id);
    }
}
