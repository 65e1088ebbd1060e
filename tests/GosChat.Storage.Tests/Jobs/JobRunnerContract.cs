using System.Collections.Concurrent;
using GosChat.Domain.Jobs;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Storage.Tests.Jobs;

/// <summary><see cref="JobRunner"/> behaviour, run over each store. Time moves only by <see cref="FakeClock"/>.</summary>
public abstract class JobRunnerContract
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);

    private FakeClock _clock = null!;
    private IJobStore _store = null!;

    protected abstract Task<IJobStore> CreateStoreAsync(IClock clock);

    protected abstract IJobStore CreatePeer(IClock clock);

    [SetUp]
    public async Task CreateStore()
    {
        _clock = new FakeClock(T0);
        _store = await CreateStoreAsync(_clock);
    }

    private Instant Now => _clock.GetCurrentInstant();

    private JobRunner Runner(JobOptions? options = null, IJobStore? store = null, params IJobHandler[] handlers) =>
        new(store ?? _store, handlers, _clock, options ?? new JobOptions());

    [Test]
    public async Task RunDue_HandlerSucceeds_CompletesJob()
    {
        var seen = new List<(string, string, int)>();
        var runner = Runner(handlers: new Handler("remind", job => seen.Add((job.Id, job.Payload, job.Attempts))));
        await _store.ScheduleAsync("j1", "remind", "{\"session\":\"s1\"}", T0 + Duration.FromSeconds(10));

        var early = await runner.RunDueAsync(CancellationToken.None);
        _clock.AdvanceSeconds(10);
        var report = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(early.Claimed, Is.Zero, "not due yet");
        Assert.That(seen, Is.EqualTo(new[] { ("j1", "{\"session\":\"s1\"}", 1) }));
        Assert.That(report.Outcomes.Select(o => (o.JobId, o.Kind)), Is.EqualTo(new[] { ("j1", JobOutcomeKind.Completed) }));
        Assert.That(await _store.GetAsync("j1"), Is.Null);
    }

    [Test]
    public async Task RunDue_HandlerThrows_RetriesWithExponentialBackoff_ThenDeadAfterMaxAttempts()
    {
        var options = new JobOptions { MaxAttempts = 5, BaseRetryDelay = Duration.FromSeconds(5), MaxRetryDelay = Duration.FromMinutes(5) };
        var calls = 0;
        var runner = Runner(options, handlers: new Handler("flaky", _ => { calls++; throw new InvalidOperationException("gateway down"); }));
        await _store.ScheduleAsync("j1", "flaky", "{}", T0);

        var delays = new List<Duration>();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            var report = await runner.RunDueAsync(CancellationToken.None);
            var outcome = report.Outcomes.Single();
            Assert.That(outcome.Kind, Is.EqualTo(JobOutcomeKind.Retrying), $"attempt {attempt}");
            var job = await _store.GetAsync("j1");
            Assert.That(job!.State, Is.EqualTo(JobState.Failed));
            Assert.That(job.LastError, Is.EqualTo("System.InvalidOperationException: gateway down"));
            Assert.That(job.DueAt, Is.EqualTo(outcome.RetryAt));
            delays.Add(job.DueAt - Now);

            _clock.Advance(job.DueAt - Now - Duration.FromMilliseconds(1));
            Assert.That((await runner.RunDueAsync(CancellationToken.None)).Claimed, Is.Zero, "not before retryAt");
            _clock.Advance(Duration.FromMilliseconds(1));
        }
        var last = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(delays, Is.EqualTo(new[] { 5, 10, 20, 40 }.Select(s => Duration.FromSeconds(s))));
        Assert.That(last.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.DeadLettered));
        Assert.That(calls, Is.EqualTo(5));
        var dead = await _store.GetAsync("j1");
        Assert.That((dead!.State, dead.Attempts), Is.EqualTo((JobState.Dead, 5)));
        _clock.Advance(Duration.FromDays(1));
        Assert.That((await runner.RunDueAsync(CancellationToken.None)).Claimed, Is.Zero);
    }

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(6, 160)]
    [TestCase(7, 300)]
    [TestCase(8, 300)]
    [TestCase(1000, 300)]
    public void RetryDelayAfter_DoublesFromBase_CappedAtMax(int attempt, int seconds)
    {
        var options = new JobOptions { BaseRetryDelay = Duration.FromSeconds(5), MaxRetryDelay = Duration.FromMinutes(5) };

        Assert.That(options.RetryDelayAfter(attempt), Is.EqualTo(Duration.FromSeconds(seconds)));
    }

    [Test]
    public async Task RunDue_MaxAttemptsOne_DeadLettersOnFirstFailure()
    {
        var runner = Runner(new JobOptions { MaxAttempts = 1 }, handlers: new Handler("t", _ => throw new InvalidOperationException("no")));
        await _store.ScheduleAsync("j1", "t", "{}", T0);

        var report = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.DeadLettered));
        Assert.That((await _store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Dead));
    }

    [Test]
    public async Task RunDue_UnknownType_DeadLettersWithClearError()
    {
        var runner = Runner(handlers: new Handler("known", _ => { }));
        await _store.ScheduleAsync("j1", "mystery", "{}", T0);

        var report = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.UnknownType));
        var job = await _store.GetAsync("j1");
        Assert.That(job!.State, Is.EqualTo(JobState.Dead));
        Assert.That(job.LastError, Is.EqualTo("No handler is registered for job type 'mystery'."));
    }

    [Test]
    public async Task RunDue_AttemptsUsedUpByLapsedLeases_DeadLettersWithoutRunning()
    {
        var options = new JobOptions { MaxAttempts = 2 };
        var calls = 0;
        var runner = Runner(options, handlers: new Handler("t", _ => calls++));
        await _store.ScheduleAsync("j1", "t", "{}", T0);
        for (var i = 0; i < 2; i++)
        {
            await _store.ClaimDueAsync(Now, options.Lease, 10, "crashing-node");
            _clock.Advance(options.Lease);
        }

        var report = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(calls, Is.Zero);
        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.DeadLettered));
        var job = await _store.GetAsync("j1");
        Assert.That((job!.State, job.Attempts), Is.EqualTo((JobState.Dead, 3)));
        Assert.That(job.LastError, Does.StartWith("Gave up: claimed 3 times"));
    }

    [Test]
    public async Task RunDue_Stopping_ReleasesRunningJobToRunAgainAtOnce()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var runner = Runner(handlers: new Handler("slow", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }));
        await _store.ScheduleAsync("j1", "slow", "{}", T0);

        var run = runner.RunDueAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        stop.Cancel();
        var report = await run;

        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.Released));
        var job = await _store.GetAsync("j1");
        Assert.That((job!.State, job.DueAt, job.Attempts), Is.EqualTo((JobState.Scheduled, Now, 0)), "released, not counted");
        Assert.That((await _store.ClaimDueAsync(Now, Duration.FromSeconds(30), 10, "other")).Select(j => j.Id), Is.EqualTo(new[] { "j1" }));
    }

    [Test]
    public async Task RunDue_StoppingDuringLastAttempt_StillGetsThatAttemptLater()
    {
        var options = new JobOptions { MaxAttempts = 2 };
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var stopping = Runner(options, handlers: new Handler("t", async (_, ct) =>
        {
            if (Interlocked.Increment(ref runs) == 1) throw new InvalidOperationException("first try fails");
            stop.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
        }));
        await _store.ScheduleAsync("j1", "t", "{}", T0);
        await stopping.RunDueAsync(CancellationToken.None);
        _clock.Advance(options.RetryDelayAfter(1));
        var released = await stopping.RunDueAsync(stop.Token);

        var next = Runner(options, handlers: new Handler("t", _ => Interlocked.Increment(ref runs)));
        var finished = await next.RunDueAsync(CancellationToken.None);

        Assert.That(released.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.Released));
        Assert.That(finished.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.Completed));
        Assert.That(runs, Is.EqualTo(3));
    }

    [Test]
    public async Task RunDue_HandlerOutlivesLease_IsCancelledAndRetried()
    {
        var options = new JobOptions { Lease = Duration.FromMilliseconds(200) };
        var runner = Runner(options, handlers: new Handler("hang", (_, ct) => Task.Delay(Timeout.Infinite, ct)));
        await _store.ScheduleAsync("j1", "hang", "{}", T0);

        var report = await runner.RunDueAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.Retrying));
        Assert.That((await _store.GetAsync("j1"))!.LastError, Does.StartWith("Timed out"));
    }

    [Test]
    public async Task RunDue_JobCancelledWhileRunning_ReportsLeaseLost()
    {
        var runner = Runner(handlers: new Handler("t", async (job, _) => await _store.CancelAsync(job.Id)));
        await _store.ScheduleAsync("j1", "t", "{}", T0);

        var report = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(report.Outcomes.Single().Kind, Is.EqualTo(JobOutcomeKind.LeaseLost));
        Assert.That(await _store.GetAsync("j1"), Is.Null);
    }

    [Test]
    public async Task RunDue_ClaimsAtMostBatchSize_AndRunsThemConcurrently()
    {
        var inFlight = 0;
        var peak = 0;
        var gate = new TaskCompletionSource();
        var runner = Runner(new JobOptions { BatchSize = 3 }, handlers: new Handler("t", async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (now == 3) gate.TrySetResult();
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Interlocked.Decrement(ref inFlight);
        }));
        for (var i = 0; i < 5; i++) await _store.ScheduleAsync($"j{i}", "t", "{}", T0);

        var first = await runner.RunDueAsync(CancellationToken.None);
        var second = await runner.RunDueAsync(CancellationToken.None);

        Assert.That(first.Count(JobOutcomeKind.Completed), Is.EqualTo(3));
        Assert.That(peak, Is.EqualTo(3));
        Assert.That(second.Claimed, Is.EqualTo(2));
    }

    [Test]
    public void Constructor_TwoHandlersForOneType_Throws()
    {
        Assert.That(() => Runner(handlers: [new Handler("t", _ => { }), new Handler("t", _ => { })]),
            Throws.ArgumentException.With.Message.Contains("'t'"));
    }

    [Test]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.That(() => Runner(new JobOptions { MaxAttempts = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task RunDue_ManyRunnersOnOneStore_HandleEachJobOnce()
    {
        const int jobs = 200;
        var handled = new ConcurrentDictionary<string, int>();
        var runners = Enumerable.Range(0, 4).Select(n => Runner(
            new JobOptions { BatchSize = 8, WorkerId = $"node-{n}" },
            CreatePeer(_clock),
            new Handler("t", job => handled.AddOrUpdate(job.Id, 1, (_, c) => c + 1)))).ToArray();
        for (var i = 0; i < jobs; i++) await _store.ScheduleAsync($"j{i}", "t", "{}", T0 + Duration.FromMilliseconds(i));
        _clock.AdvanceSeconds(1);

        await Task.WhenAll(runners.Select(runner => Task.Run(async () =>
        {
            while ((await runner.RunDueAsync(CancellationToken.None)).Claimed > 0) { }
        })));

        Assert.That(handled.Keys, Has.Count.EqualTo(jobs));
        Assert.That(handled.Where(kv => kv.Value != 1).Select(kv => kv.Key), Is.Empty);
        Assert.That(await _store.ListAsync(null, jobs), Is.Empty);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private sealed class Handler : IJobHandler
    {
        private readonly Func<JobRecord, CancellationToken, Task> _run;

        public Handler(string type, Func<JobRecord, CancellationToken, Task> run)
        {
            Type = type;
            _run = run;
        }

        public Handler(string type, Action<JobRecord> run) : this(type, (job, _) => { run(job); return Task.CompletedTask; })
        {
        }

        public string Type { get; }

        public Task HandleAsync(JobRecord job, CancellationToken ct) => _run(job, ct);
    }
}

[TestFixture]
public sealed class InMemoryJobRunnerTests : JobRunnerContract
{
    private IJobStore? _store;

    protected override Task<IJobStore> CreateStoreAsync(IClock clock) =>
        Task.FromResult(_store = new GosChat.Storage.InMemory.InMemoryJobStore(clock));

    protected override IJobStore CreatePeer(IClock clock) => _store!;
}

[TestFixture]
public sealed class RedisJobRunnerTests : JobRunnerContract
{
    private RedisJobStoreHost _redis = null!;

    [OneTimeSetUp]
    public void StartRedis() => _redis = new RedisJobStoreHost();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    protected override async Task<IJobStore> CreateStoreAsync(IClock clock) => await _redis.FreshStoreAsync(clock);

    protected override IJobStore CreatePeer(IClock clock) => _redis.Peer(clock);
}
