using System.Collections.Concurrent;
using GosChat.Domain.Jobs;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Storage.Tests.Jobs;

/// <summary>The behaviour every <see cref="IJobStore"/> must have. Subclasses supply the adapter.</summary>
public abstract class JobStoreContract
{
    protected static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);
    protected static readonly Duration Lease = Duration.FromSeconds(30);

    protected FakeClock Clock { get; private set; } = null!;
    protected IJobStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IJobStore> CreateStoreAsync(IClock clock);

    /// <summary>Another node's view of the same store (its own connection where that means anything).</summary>
    protected abstract IJobStore CreatePeer(IClock clock);

    [SetUp]
    public async Task CreateStore()
    {
        Clock = new FakeClock(T0);
        Store = await CreateStoreAsync(Clock);
    }

    private Instant Now => Clock.GetCurrentInstant();

    private Task<IReadOnlyList<JobRecord>> ClaimAsync(string worker = "w1", int max = 100, IJobStore? store = null) =>
        (store ?? Store).ClaimDueAsync(Now, Lease, max, worker);

    // ---- schedule and claim -------------------------------------------------------------------------

    [Test]
    public async Task Schedule_ReturnsScheduledRecord()
    {
        var job = await Store.ScheduleAsync("j1", "reminder", "{\"a\":1}", T0 + Duration.FromMinutes(5));

        Assert.That(job, Is.EqualTo(new JobRecord("j1", "reminder", "{\"a\":1}", T0 + Duration.FromMinutes(5), 0,
            JobState.Scheduled, null, null, null, T0)));
        Assert.That(await Store.GetAsync("j1"), Is.EqualTo(job));
    }

    [Test]
    public async Task Claim_ReturnsNothing_BeforeDueTime()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0 + Duration.FromSeconds(10));
        Clock.Advance(Duration.FromMilliseconds(9_999));

        Assert.That(await ClaimAsync(), Is.Empty);
        Assert.That((await Store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Scheduled));
    }

    [Test]
    public async Task Claim_ReturnsJobAsRunningWithLease_WhenDue()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0 + Duration.FromSeconds(10));
        Clock.AdvanceSeconds(10);

        var claimed = await ClaimAsync("w1");

        Assert.That(claimed, Has.Count.EqualTo(1));
        var job = claimed[0];
        Assert.Multiple(() =>
        {
            Assert.That(job.Id, Is.EqualTo("j1"));
            Assert.That(job.State, Is.EqualTo(JobState.Running));
            Assert.That(job.Attempts, Is.EqualTo(1));
            Assert.That(job.LeaseUntil, Is.EqualTo(Now + Lease));
            Assert.That(job.ClaimedBy, Is.EqualTo("w1"));
        });
        Assert.That(await Store.GetAsync("j1"), Is.EqualTo(job));
        Assert.That(await ClaimAsync("w2"), Is.Empty, "a running job with a live lease is not claimed again");
    }

    [Test]
    public async Task Claim_TakesAtMostMax_EarliestDueFirst()
    {
        await Store.ScheduleAsync("late", "t", "{}", T0 + Duration.FromSeconds(3));
        await Store.ScheduleAsync("early", "t", "{}", T0 + Duration.FromSeconds(1));
        await Store.ScheduleAsync("middle", "t", "{}", T0 + Duration.FromSeconds(2));
        Clock.AdvanceSeconds(5);

        var first = await ClaimAsync(max: 2);
        var rest = await ClaimAsync(max: 2);

        Assert.That(first.Select(j => j.Id), Is.EqualTo(new[] { "early", "middle" }));
        Assert.That(rest.Select(j => j.Id), Is.EqualTo(new[] { "late" }));
    }

    [Test]
    public async Task Schedule_SameIdAgain_ReplacesDueTimeAndPayload_KeepsCreatedAt()
    {
        await Store.ScheduleAsync("j1", "t", "{\"v\":1}", T0 + Duration.FromSeconds(10));
        Clock.AdvanceSeconds(1);
        await Store.ScheduleAsync("j1", "t2", "{\"v\":2}", T0 + Duration.FromSeconds(60));
        Clock.AdvanceSeconds(20);

        Assert.That(await ClaimAsync(), Is.Empty, "the old due time no longer applies");
        var job = await Store.GetAsync("j1");
        Assert.That(job, Is.EqualTo(new JobRecord("j1", "t2", "{\"v\":2}", T0 + Duration.FromSeconds(60), 0,
            JobState.Scheduled, null, null, null, T0)));

        Clock.AdvanceSeconds(40);
        var claimed = await ClaimAsync();
        Assert.That(claimed.Select(j => (j.Id, j.Payload)), Is.EqualTo(new[] { ("j1", "{\"v\":2}") }));
    }

    [Test]
    public async Task Schedule_SameIdTwice_LeavesOneJob()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await Store.ScheduleAsync("j1", "t", "{}", T0);

        Assert.That(await Store.ListAsync(null, 100), Has.Count.EqualTo(1));
        Assert.That(await ClaimAsync(), Has.Count.EqualTo(1));
        Assert.That(await ClaimAsync("w2"), Is.Empty);
    }

    [Test]
    public async Task Schedule_RunningJob_RevokesTheClaim()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        await Store.ScheduleAsync("j1", "t", "{\"again\":true}", T0 + Duration.FromMinutes(1));

        var job = await Store.GetAsync("j1");
        Assert.That(job!.State, Is.EqualTo(JobState.Scheduled));
        Assert.That(job.Attempts, Is.Zero);
        Assert.That(job.ClaimedBy, Is.Null);
        Assert.That(await Store.CompleteAsync("j1", "w1"), Is.False);
        Assert.That(await Store.ListAsync(JobState.Running, 10), Is.Empty);
    }

    [Test]
    public async Task Schedule_DeadJob_RevivesIt()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");
        await Store.FailAsync("j1", "w1", "boom", retryAt: null);

        await Store.ScheduleAsync("j1", "t", "{}", T0 + Duration.FromSeconds(5));

        Assert.That(await Store.ListAsync(JobState.Dead, 10), Is.Empty);
        Assert.That((await Store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Scheduled));
        Clock.AdvanceSeconds(5);
        Assert.That(await ClaimAsync(), Has.Count.EqualTo(1));
    }

    // ---- cancel -------------------------------------------------------------------------------------

    [Test]
    public async Task Cancel_RemovesJob_SoItNeverRuns()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0 + Duration.FromSeconds(1));

        Assert.That(await Store.CancelAsync("j1"), Is.True);

        Clock.AdvanceSeconds(10);
        Assert.That(await ClaimAsync(), Is.Empty);
        Assert.That(await Store.GetAsync("j1"), Is.Null);
    }

    [Test]
    public async Task Cancel_UnknownId_ReturnsFalse()
    {
        Assert.That(await Store.CancelAsync("nope"), Is.False);
    }

    [Test]
    public async Task Cancel_RunningJob_ClaimerCanNoLongerComplete()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.CancelAsync("j1"), Is.True);
        Assert.That(await Store.CompleteAsync("j1", "w1"), Is.False);
        Clock.Advance(Lease * 2);
        Assert.That(await ClaimAsync("w2"), Is.Empty, "a cancelled job is not re-claimed after its lease");
    }

    // ---- exactly one claimer ------------------------------------------------------------------------

    [TestCase(2)]
    [TestCase(8)]
    public async Task Claim_ByRacingClaimers_GivesEachJobToExactlyOne(int claimers)
    {
        const int jobs = 300;
        for (var i = 0; i < jobs; i++) await Store.ScheduleAsync($"j{i}", "t", "{}", T0 + Duration.FromMilliseconds(i % 7));
        Clock.AdvanceSeconds(1);
        var peers = Enumerable.Range(0, claimers).Select(_ => CreatePeer(Clock)).ToArray();
        var claimedBy = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        using var start = new ManualResetEventSlim(false);

        var tasks = peers.Select((peer, n) => Task.Run(async () =>
        {
            start.Wait();
            while (true)
            {
                var batch = await peer.ClaimDueAsync(Clock.GetCurrentInstant(), Lease, 7, $"w{n}");
                if (batch.Count == 0) return;
                foreach (var job in batch) claimedBy.GetOrAdd(job.Id, _ => new ConcurrentBag<string>()).Add($"w{n}");
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        Assert.That(claimedBy.Keys, Has.Count.EqualTo(jobs));
        Assert.That(claimedBy.Where(kv => kv.Value.Count != 1).Select(kv => kv.Key), Is.Empty, "jobs claimed more than once");
        Assert.That((await Store.ListAsync(JobState.Running, jobs + 1)), Has.Count.EqualTo(jobs));
    }

    // ---- leases -------------------------------------------------------------------------------------

    [Test]
    public async Task Claim_AfterClaimerDied_ReclaimsJobOnceLeaseLapses()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        var other = CreatePeer(Clock);
        await ClaimAsync("dying");

        Clock.Advance(Lease - Duration.FromMilliseconds(1));
        Assert.That(await ClaimAsync("w2", store: other), Is.Empty, "lease still held");

        Clock.Advance(Duration.FromMilliseconds(1));
        var reclaimed = await ClaimAsync("w2", store: other);

        Assert.That(reclaimed, Has.Count.EqualTo(1));
        Assert.That(reclaimed[0].ClaimedBy, Is.EqualTo("w2"));
        Assert.That(reclaimed[0].Attempts, Is.EqualTo(2));
        Assert.That(reclaimed[0].LeaseUntil, Is.EqualTo(Now + Lease));
        Assert.That(await Store.CompleteAsync("j1", "dying"), Is.False, "the old claimer lost the job");
        Assert.That(await other.CompleteAsync("j1", "w2"), Is.True);
    }

    [Test]
    public async Task Claim_LapsedLeasesComeBeforeDueJobs()
    {
        await Store.ScheduleAsync("stuck", "t", "{}", T0);
        await ClaimAsync("dying");
        Clock.Advance(Lease);
        await Store.ScheduleAsync("fresh", "t", "{}", T0);

        var claimed = await ClaimAsync("w2", max: 1);

        Assert.That(claimed.Select(j => j.Id), Is.EqualTo(new[] { "stuck" }));
    }

    [Test]
    public async Task Complete_ByLateClaimer_IsAllowedWhileNobodyReclaimed()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");
        Clock.Advance(Lease * 2);

        Assert.That(await Store.CompleteAsync("j1", "w1"), Is.True);
        Assert.That(await ClaimAsync("w2"), Is.Empty);
    }

    // ---- complete -----------------------------------------------------------------------------------

    [Test]
    public async Task Complete_ByClaimer_RemovesJob()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.CompleteAsync("j1", "w1"), Is.True);
        Assert.That(await Store.GetAsync("j1"), Is.Null);
        Assert.That(await Store.ListAsync(null, 10), Is.Empty);
        Clock.Advance(Lease * 2);
        Assert.That(await ClaimAsync("w2"), Is.Empty);
    }

    [Test]
    public async Task Complete_ByAnotherWorker_IsRejected()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.CompleteAsync("j1", "w2"), Is.False);
        Assert.That((await Store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Running));
    }

    [Test]
    public async Task Complete_JobNotRunning_IsRejected()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);

        Assert.That(await Store.CompleteAsync("j1", "w1"), Is.False);
        Assert.That(await Store.CompleteAsync("unknown", "w1"), Is.False);
        Assert.That(await Store.GetAsync("j1"), Is.Not.Null);
    }

    // ---- fail, retry, dead-letter -------------------------------------------------------------------

    [Test]
    public async Task Fail_WithRetryAt_MakesJobClaimableAgainFromThen()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");
        var retryAt = Now + Duration.FromSeconds(5);

        Assert.That(await Store.FailAsync("j1", "w1", "timeout talking to SMS gateway", retryAt), Is.True);

        var failed = await Store.GetAsync("j1");
        Assert.That(failed, Is.EqualTo(new JobRecord("j1", "t", "{}", retryAt, 1, JobState.Failed,
            "timeout talking to SMS gateway", null, null, T0)));
        Clock.Advance(Duration.FromMilliseconds(4_999));
        Assert.That(await ClaimAsync("w2"), Is.Empty);
        Clock.Advance(Duration.FromMilliseconds(1));
        var again = await ClaimAsync("w2");
        Assert.That(again.Select(j => (j.Id, j.Attempts, j.State, j.LastError)),
            Is.EqualTo(new[] { ("j1", 2, JobState.Running, (string?)"timeout talking to SMS gateway") }));
    }

    [Test]
    public async Task Fail_WithoutRetryAt_DeadLetters()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.FailAsync("j1", "w1", "bad payload", retryAt: null), Is.True);

        var dead = await Store.GetAsync("j1");
        Assert.That(dead, Is.EqualTo(new JobRecord("j1", "t", "{}", T0, 1, JobState.Dead, "bad payload", null, null, T0)));
        Clock.Advance(Duration.FromDays(1));
        Assert.That(await ClaimAsync("w2"), Is.Empty, "dead jobs never run by themselves");
    }

    [Test]
    public async Task Fail_RepeatedUntilDead_KeepsCountingAttempts()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var claimed = await ClaimAsync("w1");
            Assert.That(claimed.Single().Attempts, Is.EqualTo(attempt));
            await Store.FailAsync("j1", "w1", $"failure {attempt}", attempt < 3 ? Now + Duration.FromSeconds(1) : null);
            Clock.AdvanceSeconds(1);
        }

        var dead = await Store.ListAsync(JobState.Dead, 10);
        Assert.That(dead.Select(j => (j.Id, j.Attempts, j.LastError)), Is.EqualTo(new[] { ("j1", 3, (string?)"failure 3") }));
    }

    [Test]
    public async Task Fail_ByAnotherWorker_IsRejected()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.FailAsync("j1", "w2", "not mine", retryAt: null), Is.False);
        Assert.That((await Store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Running));
    }

    [Test]
    public async Task Release_ByClaimer_SchedulesAgainWithoutCountingTheAttempt()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");
        await Store.FailAsync("j1", "w1", "first failure", Now);
        await ClaimAsync("w1");

        Assert.That(await Store.ReleaseAsync("j1", "w1", Now + Duration.FromSeconds(1)), Is.True);

        Assert.That(await Store.GetAsync("j1"), Is.EqualTo(new JobRecord("j1", "t", "{}", Now + Duration.FromSeconds(1), 1,
            JobState.Scheduled, "first failure", null, null, T0)));
        Assert.That(await ClaimAsync("w2"), Is.Empty);
        Clock.AdvanceSeconds(1);
        Assert.That((await ClaimAsync("w2")).Select(j => (j.Id, j.Attempts)), Is.EqualTo(new[] { ("j1", 2) }));
    }

    [Test]
    public async Task Release_ByAnotherWorker_IsRejected()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");

        Assert.That(await Store.ReleaseAsync("j1", "w2", Now), Is.False);
        Assert.That(await Store.ReleaseAsync("unknown", "w1", Now), Is.False);
        Assert.That((await Store.GetAsync("j1"))!.State, Is.EqualTo(JobState.Running));
    }

    [Test]
    public async Task RetryDead_SchedulesJobAtNowWithFreshAttempts()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await ClaimAsync("w1");
        await Store.FailAsync("j1", "w1", "boom", retryAt: null);
        Clock.AdvanceSeconds(60);

        Assert.That(await Store.RetryDeadAsync("j1", Now), Is.True);

        Assert.That(await Store.GetAsync("j1"), Is.EqualTo(new JobRecord("j1", "t", "{}", Now, 0, JobState.Scheduled, "boom", null, null, T0)));
        Assert.That(await Store.ListAsync(JobState.Dead, 10), Is.Empty);
        var claimed = await ClaimAsync("w2");
        Assert.That(claimed.Select(j => (j.Id, j.Attempts)), Is.EqualTo(new[] { ("j1", 1) }));
    }

    [Test]
    public async Task RetryDead_JobNotDead_ReturnsFalse()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0 + Duration.FromHours(1));

        Assert.That(await Store.RetryDeadAsync("j1", Now), Is.False);
        Assert.That(await Store.RetryDeadAsync("unknown", Now), Is.False);
        Assert.That((await Store.GetAsync("j1"))!.DueAt, Is.EqualTo(T0 + Duration.FromHours(1)));
    }

    // ---- list and get -------------------------------------------------------------------------------

    private async Task ArrangeOneJobInEachStateAsync()
    {
        await Store.ScheduleAsync("running", "t", "{}", T0);
        await Store.ScheduleAsync("failed", "t", "{}", T0 + Duration.FromSeconds(1));
        await Store.ScheduleAsync("dead", "t", "{}", T0 + Duration.FromSeconds(2));
        Clock.AdvanceSeconds(2);
        await ClaimAsync("w1");
        await Store.FailAsync("failed", "w1", "retry me", Now + Duration.FromMinutes(1));
        await Store.FailAsync("dead", "w1", "gave up", null);
        await Store.ScheduleAsync("scheduled", "t", "{}", T0 + Duration.FromMinutes(10));
    }

    [TestCase(JobState.Scheduled, "scheduled")]
    [TestCase(JobState.Running, "running")]
    [TestCase(JobState.Failed, "failed")]
    [TestCase(JobState.Dead, "dead")]
    public async Task List_ByState_ReturnsOnlyThatState(JobState state, string expectedId)
    {
        await ArrangeOneJobInEachStateAsync();

        var listed = await Store.ListAsync(state, 10);

        Assert.That(listed.Select(j => (j.Id, j.State)), Is.EqualTo(new[] { (expectedId, state) }));
    }

    [Test]
    public async Task List_AllStates_RunningThenByDueTimeThenDead()
    {
        await ArrangeOneJobInEachStateAsync();

        var listed = await Store.ListAsync(null, 10);

        Assert.That(listed.Select(j => j.Id), Is.EqualTo(new[] { "running", "failed", "scheduled", "dead" }));
    }

    [Test]
    public async Task List_RespectsMax()
    {
        for (var i = 0; i < 10; i++) await Store.ScheduleAsync($"j{i}", "t", "{}", T0 + Duration.FromSeconds(i));

        var listed = await Store.ListAsync(JobState.Scheduled, 3);

        Assert.That(listed.Select(j => j.Id), Is.EqualTo(new[] { "j0", "j1", "j2" }));
    }

    [Test]
    public async Task List_OneStateAmongMany_SkipsOtherStatesPastTheFirstPage()
    {
        for (var i = 0; i < 450; i++) await Store.ScheduleAsync($"s{i:000}", "t", "{}", T0 + Duration.FromSeconds(1));
        await Store.ScheduleAsync("f", "t", "{}", T0);
        await ClaimAsync("w1", max: 1);
        await Store.FailAsync("f", "w1", "x", T0 + Duration.FromSeconds(2));

        var failed = await Store.ListAsync(JobState.Failed, 10);

        Assert.That(failed.Select(j => j.Id), Is.EqualTo(new[] { "f" }));
    }

    [Test]
    public async Task Get_UnknownId_ReturnsNull()
    {
        Assert.That(await Store.GetAsync("nope"), Is.Null);
    }

    [Test]
    public async Task Payload_RoundTripsUnicodeQuotesAndControlCharacters()
    {
        const string payload = "{\"text\":\"Здравствуйте! 🙂 \\\"кавычки\\\" / \\\\ слэш\",\"tab\":\"a\tb\",\"nl\":\"x\\ny\",\"ctl\":\"\u0001\"}";
        const string error = "Ошибка: \"сбой\" \n line2 \u0002";

        await Store.ScheduleAsync("юникод-1", "напоминание", payload, T0);
        var claimed = await ClaimAsync("узел-1");
        await Store.FailAsync("юникод-1", "узел-1", error, T0 + Duration.FromSeconds(1));
        var job = await Store.GetAsync("юникод-1");

        Assert.That(claimed.Single().Payload, Is.EqualTo(payload));
        Assert.That(claimed.Single().ClaimedBy, Is.EqualTo("узел-1"));
        Assert.That(job!.Payload, Is.EqualTo(payload));
        Assert.That(job.Type, Is.EqualTo("напоминание"));
        Assert.That(job.LastError, Is.EqualTo(error));
    }

    [Test]
    public async Task Times_AreKeptToTheMillisecond()
    {
        var due = T0 + Duration.FromTicks(12_345_678); // 1234.5678 ms

        var job = await Store.ScheduleAsync("j1", "t", "{}", due);

        Assert.That(job.DueAt, Is.EqualTo(T0 + Duration.FromMilliseconds(1234)));
        Assert.That((await Store.GetAsync("j1"))!.DueAt, Is.EqualTo(job.DueAt));
    }

    [Test]
    public async Task Times_FarFutureAndPast_RoundTrip()
    {
        var far = Instant.FromUtc(9999, 12, 31, 23, 59, 59) + Duration.FromMilliseconds(999);
        var past = Instant.FromUtc(1900, 1, 1, 0, 0);

        await Store.ScheduleAsync("far", "t", "{}", far);
        await Store.ScheduleAsync("past", "t", "{}", past);

        Assert.That((await Store.GetAsync("far"))!.DueAt, Is.EqualTo(far));
        Assert.That((await Store.GetAsync("past"))!.DueAt, Is.EqualTo(past));
        Assert.That((await ClaimAsync()).Select(j => j.Id), Is.EqualTo(new[] { "past" }));
    }
}
