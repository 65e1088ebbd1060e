using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

public sealed class StatisticsRecorderTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private FakeClock _clock = null!;
    private InMemoryStatisticsStore _store = null!;

    [SetUp]
    public void Fresh()
    {
        _clock = new FakeClock(T0);
        _store = new InMemoryStatisticsStore();
    }
    private StatisticsRecorder Recorder => new(_store, _clock, Duration.FromMinutes(2));

    private static Session Queued(Instant at) => new() { Id = "s1", Ticket = "300000001", Queue = "101", State = SessionState.Queued, QueuedAt = at, CreatedAt = at };

    private async Task<StatsBucket> BucketAsync(Instant start) =>
        (await _store.GetAsync("101", start, start + StatsBuckets.Width)).Single();

    [Test]
    public async Task WholeLife_IsCountedIntoTheBucketOfEachStep()
    {
        var s = Queued(T0);
        await Recorder.QueuedAsync(s);
        var accepted = s with { State = SessionState.Active, AssignedAt = T0 + Duration.FromSeconds(40) };
        await Recorder.AcceptedAsync(accepted);
        var replied = accepted with { FirstOperatorReplyAt = T0 + Duration.FromSeconds(100) };
        await Recorder.FirstReplyAsync(replied);
        var closed = replied with { State = SessionState.Closed, ClosedAt = T0 + Duration.FromMinutes(7) };
        await Recorder.ClosedAsync(closed);

        var first = await BucketAsync(T0);
        Assert.That((first[StatsCounters.Queued], first[StatsCounters.Answered], first[StatsCounters.WaitSeconds]), Is.EqualTo((1L, 1L, 40L)));
        Assert.That((first[StatsCounters.FirstReplies], first[StatsCounters.FirstReplySeconds], first[StatsCounters.FirstRepliesInTime]), Is.EqualTo((1L, 100L, 1L)));
        var second = await BucketAsync(T0 + Duration.FromMinutes(5));
        Assert.That((second[StatsCounters.Handled], second[StatsCounters.HandleSeconds]), Is.EqualTo((1L, 380L)));
    }

    [Test]
    public async Task ACall_IsCountedApart_BesideTheTotals()
    {
        var call = Queued(T0) with { Channel = Channel.Call };
        await Recorder.QueuedAsync(call);
        await Recorder.QueuedAsync(Queued(T0)); // a chat
        await Recorder.ClosedAsync(call with { State = SessionState.Closed, AssignedAt = T0 + Duration.FromSeconds(30), ClosedAt = T0 + Duration.FromSeconds(230) });
        await Recorder.ClosedAsync(Queued(T0) with { State = SessionState.Closed, AssignedAt = T0, ClosedAt = T0 + Duration.FromSeconds(100) });
        await Recorder.ClosedAsync(call with { State = SessionState.Closed, ClosedAt = T0 + Duration.FromSeconds(60) }); // a caller who gave up

        var bucket = await BucketAsync(T0);
        Assert.That((bucket[StatsCounters.Queued], bucket[StatsCounters.CallQueued]), Is.EqualTo((2L, 1L)));
        Assert.That((bucket[StatsCounters.Handled], bucket[StatsCounters.HandleSeconds]), Is.EqualTo((2L, 300L)));
        Assert.That((bucket[StatsCounters.CallHandled], bucket[StatsCounters.CallHandleSeconds]), Is.EqualTo((1L, 200L)));
        Assert.That(bucket[StatsCounters.Abandoned], Is.EqualTo(1L));
    }

    [TestCase(120, 1)]
    [TestCase(121, 0)]
    public async Task FirstReply_CountsInTime_UpToTheDeadlineInclusive(int seconds, long inTime)
    {
        var replied = Queued(T0) with { State = SessionState.Active, AssignedAt = T0, FirstOperatorReplyAt = T0 + Duration.FromSeconds(seconds) };
        await Recorder.FirstReplyAsync(replied);

        var bucket = (await _store.GetAsync("101", T0, T0 + Duration.FromMinutes(10))).Single();
        Assert.That(bucket[StatsCounters.FirstRepliesInTime], Is.EqualTo(inTime));
    }

    [Test]
    public async Task ClosedWhileWaiting_IsAbandoned()
    {
        await Recorder.ClosedAsync(Queued(T0) with { State = SessionState.Closed, ClosedAt = T0 + Duration.FromSeconds(30) });

        var bucket = await BucketAsync(T0);
        Assert.That((bucket[StatsCounters.Abandoned], bucket[StatsCounters.Handled]), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task History_HasEveryBucketOfEveryQueue_WithAveragesOnlyWhereThereWereReplies()
    {
        await Recorder.FirstReplyAsync(Queued(T0) with { FirstOperatorReplyAt = T0 + Duration.FromSeconds(60) });
        await Recorder.FirstReplyAsync(Queued(T0) with { FirstOperatorReplyAt = T0 + Duration.FromSeconds(180) });

        var history = await new QueueHistory(_store).LastAsync(Duration.FromHours(6), T0 + Duration.FromMinutes(1));

        Assert.That(history, Has.Count.EqualTo(QueueCatalog.Ids.Count * 72));
        var point = history.Single(p => p.Queue == "101" && p.At == T0);
        Assert.That((point.AvgFirstReplySeconds, point.SlaAttainment), Is.EqualTo(((double?)120, (double?)0.5)));
        Assert.That(history.Where(p => p.At != T0 || p.Queue != "101").All(p => p.AvgFirstReplySeconds is null), Is.True);
        Assert.That(history.Max(p => p.At), Is.EqualTo(T0));
    }
}

public sealed class StatisticsRecorderFailureTests
{
    private sealed class BrokenStore : GosChat.Domain.Ports.IStatisticsStore
    {
        public Task IncrementAsync(string queue, Instant bucket, IReadOnlyDictionary<string, long> amounts) => throw new IOException("down");
        public Task<IReadOnlyList<StatsBucket>> GetAsync(string queue, Instant from, Instant to) => throw new IOException("down");
    }

    [Test]
    public async Task AStoreFailure_IsReported_NotThrown()
    {
        var recorder = new StatisticsRecorder(new BrokenStore(), new FakeClock(Instant.FromUtc(2026, 11, 23, 7, 0)), Duration.FromMinutes(2));
        var failures = new List<Exception>();
        recorder.Failed += failures.Add;

        await recorder.QueuedAsync(new Session { Id = "s", Ticket = "300000001", Queue = "101" });

        Assert.That(failures, Has.Count.EqualTo(1));
    }
}
