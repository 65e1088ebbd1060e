using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using System.Net.Http.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Jobs;
using GosChat.Server.Notifications;
using Microsoft.AspNetCore.SignalR.Client;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Deadlines;

[TestFixture(true, TestName = "Redis")]
[TestFixture(false, TestName = "Embedded")]
public sealed class DeadlineEscalationTests(bool useRedis) : DeadlineServerFixture(useRedis)
{
    [Test]
    public async Task UnansweredChat_WarnsTheOfferedOperator_ThenEscalatesToSeniorAndTellsSupervisors()
    {
        var server = await StartServerAsync(Settings());
        var op101 = await ConsoleAsync(server, "op101", available: true);
        var supervisor = await ConsoleAsync(server, "supervisor", available: false);
        var started = await StartChatAsync(server);
        await Eventually.AssertAsync(() => op101.Offers.Any(o => o.SessionId == started.SessionId), "op101 is offered the chat");
        var senior = await ConsoleAsync(server, "senior", available: true);
        var dueAt = (await SessionAsync(server, started.SessionId)).QueuedAt + Duration.FromSeconds(5);

        await server.AdvanceSecondsAsync(4); // past 75 % of 5 s
        await Eventually.AssertAsync(() => op101.Warnings.Any(w => w.SessionId == started.SessionId), "op101 is warned");
        Assert.That(op101.Warnings.Single(), Is.EqualTo(new DeadlineWarningDto(started.SessionId, "firstResponse", dueAt, started.SessionId + ":firstResponse:warning")));
        Assert.That(supervisor.Breaches, Is.Empty);

        await server.AdvanceSecondsAsync(2);
        await Eventually.AssertAsync(() => senior.Offers.Any(o => o.SessionId == started.SessionId), "the senior operator is offered the chat");
        await Eventually.AssertAsync(() => supervisor.Breaches.Count == 1, "supervisors are told of the breach");

        var breach = supervisor.Breaches.Single();
        var session = await SessionAsync(server, started.SessionId);
        Assert.Multiple(async () =>
        {
            Assert.That(breach, Is.EqualTo(new DeadlineBreachedDto(started.SessionId, started.Ticket, "101", "firstResponse", dueAt, 1, started.SessionId + ":firstResponse")));
            Assert.That(op101.Revoked, Has.Count.EqualTo(1), "the offer to op101 is taken back");
            Assert.That(session.SeniorOnly, Is.True);
            Assert.That(session.Priority, Is.EqualTo(Priorities.Escalated));
            Assert.That(session.Breaches.Select(b => (b.Kind, b.DueAt, b.LateBySeconds)), Is.EqualTo(new[] { (DeadlineKind.FirstResponse, dueAt, 1L) }));
            Assert.That(senior.Offers.Single(o => o.SessionId == started.SessionId).Priority, Is.EqualTo(Priorities.Escalated));
            Assert.That(await server.Services.GetRequiredService<IBreachCounter>().TodayAsync("101"), Is.EqualTo(1));
            Assert.That((await server.Services.GetRequiredService<QueueStatsPublisher>().CurrentAsync()).Queues.Single(q => q.Id == "101").BreachesToday, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task FirstReply_InTime_StopsTheDeadline()
    {
        var server = await StartServerAsync(Settings());
        var op101 = await ConsoleAsync(server, "op101", available: true);
        var supervisor = await ConsoleAsync(server, "supervisor", available: false);
        var started = await StartChatAsync(server);
        await Eventually.AssertAsync(() => op101.Offers.Any(o => o.SessionId == started.SessionId), "op101 is offered the chat");
        await op101.Connection.InvokeAsync<SessionSnapshotDto>("AcceptOffer", op101.Offers.Single().OfferId);
        await op101.Connection.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте! Чем помочь?", "m1");
        var jobs = server.Services.GetRequiredService<JobIndex>();
        Assert.That(jobs.Find(DeadlineJobs.BreachId(started.SessionId, DeadlineKind.FirstResponse)), Is.Null);
        Assert.That(jobs.Find(DeadlineJobs.WarningId(started.SessionId, DeadlineKind.FirstResponse)), Is.Null);

        await server.AdvanceSecondsAsync(10); // every job due by then has run

        Assert.That(op101.Warnings, Is.Empty);
        Assert.That(supervisor.Breaches, Is.Empty);
        Assert.That((await SessionAsync(server, started.SessionId)).Breaches, Is.Empty);
    }

    [Test]
    public async Task DeferredOnAHoliday_IsOfferedAtOpening_BeforeANewerSession_AndItsClockStartsThen()
    {
        // The servers' Monday (GosChatServer.MondayMorning, 10:00 Moscow) made a holiday; Tuesday opens at 08:00 Moscow.
        var monday = TestSupport.Server.GosChatServer.MondayMorning;
        var server = await StartServerAsync(Settings(("GosChat:Calendar:Holidays:0", NodaTime.Text.LocalDatePattern.Iso.Format(monday.InUtc().Date))));
        var tuesdayOpening = monday + Duration.FromHours(22);

        var status = await server.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/status");
        var q101 = status.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "101");
        Assert.That(q101.GetProperty("state").GetString(), Is.EqualTo("unavailable"));
        Assert.That(q101.GetProperty("open").GetBoolean(), Is.False);
        Assert.That(q101.GetProperty("nextChange").GetString(), Is.EqualTo(NodaTime.Text.InstantPattern.ExtendedIso.Format(tuesdayOpening)));

        var early = await StartChatAsync(server, "Оставлю сообщение в выходной");
        Assert.That(early.State, Is.EqualTo("deferred"));
        var jobs = server.Services.GetRequiredService<JobIndex>();
        Assert.That(jobs.Find(DeadlineJobs.WarningId(early.SessionId, DeadlineKind.FirstResponse)), Is.Null, "no clock while deferred");

        server.Clock.Reset(tuesdayOpening);
        await Eventually.AssertAsync(async () => (await SessionAsync(server, early.SessionId)).State == SessionState.Queued, "released at opening");
        var late = await StartChatAsync(server, "Новое обращение после открытия");
        Assert.That(late.State, Is.EqualTo("queued"));

        var op101 = await ConsoleAsync(server, "op101", available: true);
        await Eventually.AssertAsync(() => !op101.Offers.IsEmpty, "op101 is offered a chat");
        Assert.That(op101.Offers.First().SessionId, Is.EqualTo(early.SessionId), "the deferred session goes first");
        Assert.That(jobs.Find(DeadlineJobs.WarningId(early.SessionId, DeadlineKind.FirstResponse))?.DueAtUnixMs,
            Is.EqualTo((tuesdayOpening + Duration.FromMilliseconds(3750)).ToUnixTimeMilliseconds()),
            "the first-reply clock starts at opening (its warning at 3.75 s of 5)");
    }
}
