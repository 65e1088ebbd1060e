using GosChat.Domain.Jobs;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Domain.Tests.Jobs;

public class JobDispatcherTests
{
    private sealed class Recorder(string kind) : IJobHandler
    {
        public List<DelayedJob> Runs { get; } = [];
        public string Kind => kind;

        public Task HandleAsync(DelayedJob job, CancellationToken ct)
        {
            Runs.Add(job);
            return Task.CompletedTask;
        }
    }

    private readonly FakeClock _clock = FakeClock.FromUtc(2026, 11, 23, 7, 0, 0);

    private DelayedJob Job(string kind, double dueInSeconds) =>
        new("j1", kind, "{}", _clock.GetCurrentInstant() + Duration.FromSeconds(dueInSeconds));

    [TestCase(0)]
    [TestCase(-5)]
    public async Task DueJob_RunsItsKindsHandler(double dueInSeconds)
    {
        var reminder = new Recorder("reminder");
        var other = new Recorder("other");
        var dispatcher = new JobDispatcher([reminder, other], _clock);
        var job = Job("reminder", dueInSeconds);

        var run = await dispatcher.RunAsync(job, CancellationToken.None);

        Assert.That(run, Is.EqualTo(JobRun.Done));
        Assert.That(reminder.Runs, Is.EqualTo(new[] { job }));
        Assert.That(other.Runs, Is.Empty);
    }

    [TestCase(0.001)]
    [TestCase(1)]
    [TestCase(3600)]
    public async Task JobWokenBeforeItsDueTime_DoesNotRun_AndSaysHowLongIsLeft(double dueInSeconds)
    {
        var reminder = new Recorder("reminder");
        var dispatcher = new JobDispatcher([reminder], _clock);

        var run = await dispatcher.RunAsync(Job("reminder", dueInSeconds), CancellationToken.None);

        Assert.That(run, Is.EqualTo(JobRun.Early(Duration.FromSeconds(dueInSeconds))));
        Assert.That(reminder.Runs, Is.Empty);
    }

    [Test]
    public void UnknownKind_Throws_SoTheSchedulerMarksTheJobFailed()
    {
        var dispatcher = new JobDispatcher([new Recorder("reminder")], _clock);

        Assert.That(() => dispatcher.RunAsync(Job("nobody", 0), CancellationToken.None),
            Throws.TypeOf<UnknownJobKindException>().With.Property(nameof(UnknownJobKindException.Kind)).EqualTo("nobody"));
    }

    [Test]
    public void TwoHandlersForOneKind_AreRefused()
    {
        Assert.That(() => new JobDispatcher([new Recorder("reminder"), new Recorder("reminder")], _clock), Throws.ArgumentException);
    }
}
