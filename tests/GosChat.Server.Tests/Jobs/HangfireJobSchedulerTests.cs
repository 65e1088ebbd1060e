using System.Collections.Concurrent;
using GosChat.Domain.Jobs;
using GosChat.Server.Jobs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Jobs;

/// <summary>
/// The scheduling port on Hangfire, in a real server on its fake clock: a job runs once it is due on that clock,
/// scheduling an id again replaces its job, cancelling removes it, and a job Hangfire wakes early goes back to sleep.
/// </summary>
[TestFixture(true, TestName = "Redis")]
[TestFixture(false, TestName = "Embedded")]
public sealed class HangfireJobSchedulerTests(bool useRedis)
{
    private sealed class Recorder : IJobHandler
    {
        public ConcurrentQueue<DelayedJob> Runs { get; } = new();
        public string Kind => "test.record";

        public Task HandleAsync(DelayedJob job, CancellationToken ct)
        {
            Runs.Enqueue(job);
            return Task.CompletedTask;
        }
    }

    private RedisServer? _redis;
    private GosChatServer _server = null!;
    private Recorder _recorder = null!;
    private IJobScheduler _jobs = null!;

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (useRedis) _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [SetUp]
    public async Task StartServer()
    {
        if (_redis is not null)
        {
            using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            await admin.GetDatabase().ExecuteAsync("FLUSHALL");
        }
        _recorder = new Recorder();
        _server = await GosChatServer.StartAsync(_redis?.ConnectionString, services: s => s.AddSingleton<IJobHandler>(_recorder));
        _jobs = _server.Services.GetRequiredService<IJobScheduler>();
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private DelayedJob Job(string id, double dueInSeconds, string payload = "{}") =>
        new(id, _recorder.Kind, payload, _server.Clock.GetCurrentInstant() + Duration.FromSeconds(dueInSeconds));

    [Test]
    public async Task Job_RunsOnce_WhenItIsDueOnTheApplicationClock()
    {
        var job = Job("t:1", 30);
        await _jobs.ScheduleAsync(job);

        await _server.AdvanceSecondsAsync(29);
        Assert.That(_recorder.Runs, Is.Empty, "not due yet");

        await _server.AdvanceSecondsAsync(1);
        await Eventually.AssertAsync(() => _recorder.Runs.Count == 1, "the job ran");
        await _server.AdvanceSecondsAsync(60);
        Assert.That(_recorder.Runs, Is.EqualTo(new[] { job }));
        Assert.That(_server.Services.GetRequiredService<JobIndex>().Find("t:1"), Is.Null, "a finished job leaves the index");
    }

    [Test]
    public async Task JobAlreadyDue_RunsAtOnce()
    {
        await _jobs.ScheduleAsync(Job("t:now", 0));

        await _server.WhenIdleAsync();

        await Eventually.AssertAsync(() => _recorder.Runs.Count == 1, "the job ran without moving the clock");
    }

    [Test]
    public async Task JobsAlreadyDue_EachRunsOnce_EvenWhenAWorkerTakesThemBeforeTheyAreRecorded()
    {
        // A job created Enqueued can be taken by an idle worker before the scheduler has recorded it in the index;
        // it must not take itself for a replaced one.
        var ids = Enumerable.Range(0, 200).Select(i => $"t:burst:{i}").ToArray();
        await Task.WhenAll(ids.Select(id => _jobs.ScheduleAsync(Job(id, 0))));

        await Eventually.AssertAsync(() => _recorder.Runs.Count >= ids.Length, "every job ran", TimeSpan.FromSeconds(60));
        await _server.WhenIdleAsync();
        Assert.That(_recorder.Runs.Select(r => r.Id).Order(), Is.EqualTo(ids.Order()), "each once");
        var index = _server.Services.GetRequiredService<JobIndex>();
        await Eventually.AssertAsync(() => ids.All(id => index.Find(id) is null), "finished jobs leave the index");
    }

    [Test]
    public async Task SchedulingAnIdAgain_ReplacesItsJob()
    {
        await _jobs.ScheduleAsync(Job("t:2", 10, "first"));
        await _jobs.ScheduleAsync(Job("t:2", 20, "second"));

        await _server.AdvanceSecondsAsync(15);
        Assert.That(_recorder.Runs, Is.Empty, "the first one was replaced");
        await _server.AdvanceSecondsAsync(10);

        await Eventually.AssertAsync(() => _recorder.Runs.Count == 1, "the second one ran");
        Assert.That(_recorder.Runs.Single().Payload, Is.EqualTo("second"));
        Assert.That(_server.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount(), Is.Zero);
    }

    [Test]
    public async Task CancelledJob_DoesNotRun_AndCancellingTwiceIsHarmless()
    {
        await _jobs.ScheduleAsync(Job("t:3", 10));
        await _jobs.CancelAsync("t:3");
        await _jobs.CancelAsync("t:3");
        await _jobs.CancelAsync("t:never-scheduled");

        await _server.AdvanceSecondsAsync(60);

        Assert.That(_recorder.Runs, Is.Empty);
        Assert.That(_server.Services.GetRequiredService<JobIndex>().Find("t:3"), Is.Null);
    }

    [Test]
    public async Task StaleJob_ThatWakesAfterItWasReplaced_DoesNothing()
    {
        await _jobs.ScheduleAsync(Job("t:4", 10, "old"));
        var storage = _server.Services.GetRequiredService<JobStorage>();
        var oldArgs = JobArgs.Of(storage.GetMonitoringApi().ScheduledJobs(0, 10).Single().Value.Job)!;
        await _jobs.ScheduleAsync(Job("t:4", 100, "new"));

        // The old Hangfire job was deleted; a copy of it (as a late duplicate delivery would be) must not run.
        _server.Services.GetRequiredService<IBackgroundJobClient>()
            .Create(Hangfire.Common.Job.FromExpression<GosChatJob>(j => j.RunAsync(oldArgs, CancellationToken.None)), new EnqueuedState());
        await _server.AdvanceSecondsAsync(20);

        Assert.That(_recorder.Runs, Is.Empty);
        Assert.That(_server.Services.GetRequiredService<JobIndex>().Find("t:4")?.DueAtUnixMs,
            Is.EqualTo((_server.Clock.GetCurrentInstant() + Duration.FromSeconds(80)).ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task JobWokenBeforeItsDueTime_IsScheduledAgain_WithoutRunningOrFailing()
    {
        await _jobs.ScheduleAsync(Job("t:5", 30));
        var client = _server.Services.GetRequiredService<IBackgroundJobClient>();
        var api = _server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var hangfireId = api.ScheduledJobs(0, 10).Single().Key;

        // What Hangfire's own scheduler does when its wall clock says so: the application clock has not moved.
        Assert.That(client.ChangeState(hangfireId, new EnqueuedState(), ScheduledState.StateName), Is.True);
        await _server.WhenRunAsync([hangfireId]);

        Assert.That(_recorder.Runs, Is.Empty);
        var again = _server.Services.GetRequiredService<JobMonitor>().List(JobMonitor.Scheduled, 10).Single();
        Assert.Multiple(() =>
        {
            Assert.That(again.HangfireId, Is.EqualTo(hangfireId), "the same Hangfire job, back to Scheduled");
            Assert.That(again.Attempts, Is.Zero, "waking early is not a failed attempt");
            Assert.That(api.FailedCount(), Is.Zero);
        });

        await _server.AdvanceSecondsAsync(30);
        await Eventually.AssertAsync(() => _recorder.Runs.Count == 1, "it runs once due");
    }
}
