using GosChat.Domain.Deadlines;
using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Domain.Tests.Deadlines;

public class DeadlineSchedulerTests
{
    private readonly FakeClock _clock = FakeClock.FromUtc(2026, 11, 23, 6, 0, 0);
    private ManualJobScheduler _jobs = null!;
    private DeadlineScheduler _scheduler = null!;

    private static Session Chat(string id = "s1", bool critical = false) => new() { Id = id, Ticket = "300000001", Queue = "101", Critical = critical };

    [SetUp]
    public void SetUp()
    {
        _jobs = new ManualJobScheduler(_clock);
        _scheduler = new DeadlineScheduler(_jobs, new DeadlineOptions());
    }

    [Test]
    public async Task Start_SchedulesWarningAtThreeQuartersAndBreachAtDueTime()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start);

        var warn = _jobs.Get("deadline:s1:firstResponse:warn");
        var due = _jobs.Get("deadline:s1:firstResponse:due");
        Assert.Multiple(() =>
        {
            Assert.That(warn?.Kind, Is.EqualTo(DeadlineJobs.WarningType));
            Assert.That(warn?.DueAt, Is.EqualTo(start + Duration.FromSeconds(90)));
            Assert.That(due?.Kind, Is.EqualTo(DeadlineJobs.BreachType));
            Assert.That(due?.DueAt, Is.EqualTo(start + Duration.FromSeconds(120)));
            Assert.That(DeadlineJobs.Deserialize(due!.Payload), Is.EqualTo(new DeadlineJobPayload("s1", DeadlineKind.FirstResponse, start, start + Duration.FromSeconds(120))));
        });
    }

    [Test]
    public async Task Start_Twice_LeavesOnePairAtTheLatestTimes()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start);
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start + Duration.FromSeconds(10));

        var all = _jobs.All;
        Assert.That(all, Has.Count.EqualTo(2));
        Assert.That(all.Select(j => j.DueAt), Is.EquivalentTo(new[] { start + Duration.FromSeconds(100), start + Duration.FromSeconds(130) }));
    }

    [Test]
    public async Task Stop_CancelsWarningAndBreach_AndIsHarmlessTwice()
    {
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, _clock.GetCurrentInstant());
        await _scheduler.StartAsync(Chat(), DeadlineKind.Resolution, _clock.GetCurrentInstant());

        await _scheduler.StopAsync("s1", DeadlineKind.FirstResponse);
        await _scheduler.StopAsync("s1", DeadlineKind.FirstResponse);

        var left = _jobs.All;
        Assert.That(left.Select(j => j.Id), Is.EquivalentTo(new[] { "deadline:s1:resolution:warn", "deadline:s1:resolution:due" }));
    }

    [Test]
    public async Task CriticalChat_GetsNoLongerToResolveThanAnOrdinaryOne()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(critical: true), DeadlineKind.Resolution, start);
        var due = _jobs.Get(DeadlineJobs.BreachId("s1", DeadlineKind.Resolution));
        Assert.That(due?.DueAt, Is.EqualTo(start + Duration.FromMinutes(30)), "the shorter of 4 h and the chat's 30 min");
    }
}
