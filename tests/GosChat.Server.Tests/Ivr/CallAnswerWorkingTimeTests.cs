using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using NodaTime;

namespace GosChat.Server.Tests.Ivr;

/// <summary>
/// "Phone: answered within 5 minutes in working hours": the call-answer deadline counts working time on the queue's
/// phone schedule (default Mon–Fri 08:00–20:00), on the servers' fake clock, on Redis and embedded.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class CallAnswerWorkingTimeTests(bool useRedis) : IvrFixture(useRedis)
{
    /// <summary>Monday 19:58 Moscow time of the test week.</summary>
    private static readonly Instant Monday1958 = GosChatServer.MondayMorning + Duration.FromHours(9) + Duration.FromMinutes(58);

    /// <summary>Tuesday 08:00 Moscow time: the phone line's next opening.</summary>
    private static readonly Instant TuesdayOpening = GosChatServer.MondayMorning + Duration.FromHours(22);

    [Test]
    public async Task ACallQueuedAt1958_IsNotBreachedAt2004_ButThreeMinutesAfterTheNextOpening()
    {
        await StartAsync(clock: new FakeClock(Monday1958));
        var supervisor = Track(await Server.OperatorAsync("supervisor"));
        var breaches = supervisor.Inbox<DeadlineBreachedDto>("DeadlineBreached");
        var warnings = supervisor.Inbox<DeadlineWarningDto>("DeadlineWarning");

        var call = await PostCallAsync("call-1958", "101");
        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("enqueue"));

        await Server.ResetClockAsync(Monday1958 + Duration.FromMinutes(6));
        Assert.That(await CallStateAsync("call-1958"), Is.EqualTo("queued"));
        Assert.That(breaches.All, Is.Empty, "20:04 is 2 working minutes after queueing");
        Assert.That(warnings.All, Is.Empty);

        await Server.ResetClockAsync(TuesdayOpening + Duration.FromMinutes(3) - Duration.FromSeconds(1));
        Assert.That(breaches.All, Is.Empty, "one second before 08:03");
        var warning = await warnings.WaitAsync(w => w.Deadline == "answer");
        Assert.That(warning.DueAt, Is.EqualTo(TuesdayOpening + Duration.FromMinutes(3)), "warned at 75 % of the working time, 08:01:45");

        await Server.ResetClockAsync(TuesdayOpening + Duration.FromMinutes(3));
        var breach = await breaches.WaitAsync(b => b.Deadline == "answer");
        Assert.Multiple(() =>
        {
            Assert.That(breach.DueAt, Is.EqualTo(TuesdayOpening + Duration.FromMinutes(3)));
            Assert.That(breach.Queue, Is.EqualTo("101"));
            Assert.That(breach.Ticket, Is.EqualTo(call.GetProperty("ticket").GetString()));
        });
    }

    [Test]
    public async Task ACallQueuedInsideHours_IsDueFiveMinutesLater()
    {
        await StartAsync(clock: new FakeClock(GosChatServer.MondayMorning));
        var supervisor = Track(await Server.OperatorAsync("supervisor"));
        var breaches = supervisor.Inbox<DeadlineBreachedDto>("DeadlineBreached");

        await PostCallAsync("call-1000", "101");
        await Server.ResetClockAsync(GosChatServer.MondayMorning + Duration.FromMinutes(5));

        var breach = await breaches.WaitAsync(b => b.Deadline == "answer");
        Assert.That(breach.DueAt, Is.EqualTo(GosChatServer.MondayMorning + Duration.FromMinutes(5)), "10:05");
    }
}
