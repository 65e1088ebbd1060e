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
    public async Task Start_SchedulesTheWarningAtThreeQuarters_CarryingTheDueTimeOfItsBreachCheck()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start);

        var warn = _jobs.Get("deadline:s1:firstResponse:warn");
        var payload = DeadlineJobs.Deserialize(warn!.Payload);
        var breach = DeadlineJobs.Breach(payload);
        Assert.Multiple(() =>
        {
            Assert.That(_jobs.All, Has.Count.EqualTo(1), "the breach check is the warning's to schedule");
            Assert.That(warn.Kind, Is.EqualTo(DeadlineJobs.WarningType));
            Assert.That(warn.DueAt, Is.EqualTo(start + Duration.FromSeconds(90)));
            Assert.That(payload, Is.EqualTo(new DeadlineJobPayload("s1", DeadlineKind.FirstResponse, start, start + Duration.FromSeconds(120))));
            Assert.That(breach.Id, Is.EqualTo("deadline:s1:firstResponse:due"));
            Assert.That(breach.Kind, Is.EqualTo(DeadlineJobs.BreachType));
            Assert.That(breach.DueAt, Is.EqualTo(start + Duration.FromSeconds(120)));
        });
    }

    [Test]
    public async Task Start_Twice_LeavesOneWarningAtTheLatestTimes_AndNoBreachCheckOfTheFirst()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start);
        await _jobs.ScheduleAsync(DeadlineJobs.Breach(new DeadlineJobPayload("s1", DeadlineKind.FirstResponse, start, start + Duration.FromSeconds(120))));
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start + Duration.FromSeconds(10));

        var all = _jobs.All;
        Assert.That(all.Select(j => (j.Id, j.DueAt)), Is.EqualTo(new[] { ("deadline:s1:firstResponse:warn", start + Duration.FromSeconds(100)) }));
        Assert.That(DeadlineJobs.Deserialize(all[0].Payload).DueAt, Is.EqualTo(start + Duration.FromSeconds(130)));
    }

    [Test]
    public async Task Stop_CancelsWarningAndBreach_AndIsHarmlessTwice()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(), DeadlineKind.FirstResponse, start);
        await _scheduler.StartAsync(Chat(), DeadlineKind.Resolution, start);
        await _jobs.ScheduleAsync(DeadlineJobs.Breach(new DeadlineJobPayload("s1", DeadlineKind.FirstResponse, start, start + Duration.FromSeconds(120))));

        await _scheduler.StopAsync("s1", DeadlineKind.FirstResponse);
        await _scheduler.StopAsync("s1", DeadlineKind.FirstResponse);

        var left = _jobs.All;
        Assert.That(left.Select(j => j.Id), Is.EquivalentTo(new[] { "deadline:s1:resolution:warn" }));
    }

    [Test]
    public async Task CriticalChat_GetsNoLongerToResolveThanAnOrdinaryOne()
    {
        var start = _clock.GetCurrentInstant();
        await _scheduler.StartAsync(Chat(critical: true), DeadlineKind.Resolution, start);
        var warn = _jobs.Get(DeadlineJobs.WarningId("s1", DeadlineKind.Resolution));
        Assert.That(warn is null ? (Instant?)null : DeadlineJobs.Deserialize(warn.Payload).DueAt, Is.EqualTo(start + Duration.FromMinutes(30)), "the shorter of 4 h and the chat's 30 min");
    }
}
