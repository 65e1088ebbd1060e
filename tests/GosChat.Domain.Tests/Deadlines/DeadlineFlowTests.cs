using GosChat.Domain.Deadlines;
using GosChat.Domain.Jobs;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Deadlines;

public class DeadlineFlowTests
{
    [Test]
    public async Task QueuedChat_StartsFirstReplyAndResolutionClocks_AtQueueTime()
    {
        var rig = new DeadlineRig();
        var start = rig.Clock.GetCurrentInstant();
        var session = await rig.StartAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: true))?.DueAt, Is.EqualTo(start + Duration.FromSeconds(90)));
            Assert.That((await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false))?.DueAt, Is.EqualTo(start + Duration.FromSeconds(120)));
            Assert.That((await rig.JobAsync(session.Id, DeadlineKind.Resolution, warning: false))?.DueAt, Is.EqualTo(start + Duration.FromMinutes(30)));
            Assert.That(await rig.DeadlineJobsAsync(session.Id), Has.Count.EqualTo(2), "a warning job per deadline; each schedules its breach check when it runs");
        });
    }

    [Test]
    public async Task Warning_ComesAtSeventyFivePercent_ToSupervisors_WhenNobodyHoldsTheSession()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();

        rig.Clock.AdvanceSeconds(89);
        await rig.RunDueAsync();
        Assert.That(rig.Notifier.Warnings, Is.Empty);

        rig.Clock.AdvanceSeconds(1);
        await rig.RunDueAsync();
        Assert.That(rig.Notifier.Warnings, Is.EqualTo(new[]
        {
            new RecordingNotifier.Warning(session.Id, DeadlineKind.FirstResponse, session.QueuedAt + Duration.FromSeconds(120), null),
        }));
    }

    [Test]
    public async Task Warning_GoesToTheOperatorTheSessionIsOfferedTo()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.SettleAsync();
        Assert.That((await rig.SessionAsync(session.Id)).State, Is.EqualTo(SessionState.Offered));

        rig.Clock.AdvanceSeconds(90);
        await rig.RunDueAsync();

        Assert.That(rig.Notifier.Warnings.Single().OperatorId, Is.EqualTo("op1"));
    }

    [Test]
    public async Task Breach_RecordsRaisesPriorityAndHandsAnOfferedSessionToTheSeniorTier()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.SettleAsync();
        Assert.That((await rig.PendingOfferAsync("op1"))?.SessionId, Is.EqualTo(session.Id));
        await rig.OnlineAsync("senior", senior: true, queues: ["101", "102", "103", "104"]);

        rig.Clock.Reset(session.QueuedAt + Duration.FromSeconds(125));
        await rig.RunDueAsync();
        await rig.SettleAsync();

        var escalated = await rig.SessionAsync(session.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(escalated.Breaches, Is.EqualTo(new[]
            {
                new DeadlineBreach(DeadlineKind.FirstResponse, session.QueuedAt + Duration.FromSeconds(120), rig.Clock.GetCurrentInstant(), 5, Announced: true),
            }));
            Assert.That(escalated.Priority, Is.EqualTo(Priorities.Escalated));
            Assert.That(escalated.SeniorOnly, Is.True);
            Assert.That(await rig.PendingOfferAsync("op1"), Is.Null, "the offer to the non-senior operator is taken back");
            Assert.That((await rig.PendingOfferAsync("senior"))?.SessionId, Is.EqualTo(session.Id));
            Assert.That(rig.Notifier.Breaches.Select(b => b.SessionId), Is.EqualTo(new[] { session.Id }));
            Assert.That(await rig.BreachLog.CountAsync("101", new LocalDate(2026, 11, 23)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task BreachHandler_RunTwice_RecordsAndAnnouncesOnce()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        var job = await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false) ?? throw new AssertionException("no breach job");
        rig.Clock.AdvanceSeconds(121);

        await rig.BreachHandler.HandleAsync(job, CancellationToken.None);
        await rig.BreachHandler.HandleAsync(job, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await rig.SessionAsync(session.Id)).Breaches, Has.Count.EqualTo(1));
            Assert.That(rig.Notifier.Breaches, Has.Count.EqualTo(1));
            Assert.That(await rig.BreachLog.CountAsync("101", new LocalDate(2026, 11, 23)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Handlers_DoNothing_WhenTheSessionIsClosed()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        var warn = await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: true) ?? throw new AssertionException("no warning job");
        var due = await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false) ?? throw new AssertionException("no breach job");
        await rig.Centre.Citizens.CloseAsync(session.Id);
        rig.Clock.AdvanceSeconds(200);

        await rig.WarningHandler.HandleAsync(warn, CancellationToken.None);
        await rig.BreachHandler.HandleAsync(due, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(rig.Notifier.Warnings, Is.Empty);
            Assert.That(rig.Notifier.Breaches, Is.Empty);
            Assert.That((await rig.SessionAsync(session.Id)).Breaches, Is.Empty);
            Assert.That(await rig.DeadlineJobsAsync(session.Id), Is.Empty, "closing stops every deadline");
        });
    }

    [Test]
    public async Task FirstReply_StopsTheFirstReplyDeadline_ButNotResolution()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.AcceptAsync("op1");
        await rig.Centre.Operators.SendAsync("op1", session.Id, "Здравствуйте!", "m1");

        Assert.That((await rig.DeadlineJobsAsync(session.Id)).Select(j => j.Id),
            Is.EquivalentTo(new[] { DeadlineJobs.WarningId(session.Id, DeadlineKind.Resolution) }));

        rig.Clock.AdvanceSeconds(300);
        await rig.RunDueAsync();
        Assert.That(rig.Notifier.Warnings, Is.Empty);
        Assert.That((await rig.SessionAsync(session.Id)).Breaches, Is.Empty);
    }

    [Test]
    public async Task ResolutionBreach_OfAnAnsweredChat_IsRecordedWithoutTakingItFromTheOperator()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.AcceptAsync("op1");
        await rig.Centre.Operators.SendAsync("op1", session.Id, "Здравствуйте!", "m1");

        rig.Clock.Reset(session.QueuedAt + Duration.FromMinutes(30));
        await rig.RunDueAsync();

        var after = await rig.SessionAsync(session.Id);
        Assert.Multiple(() =>
        {
            Assert.That(after.State, Is.EqualTo(SessionState.Active));
            Assert.That(after.OperatorId, Is.EqualTo("op1"));
            Assert.That(after.SeniorOnly, Is.False);
            Assert.That(after.Breaches.Single().Kind, Is.EqualTo(DeadlineKind.Resolution));
            Assert.That(rig.Notifier.Warnings.Single().OperatorId, Is.EqualTo("op1"), "the resolution warning goes to the operator handling it");
        });
    }

    [Test]
    public async Task DeferredSession_StartsItsClocksAtOpening()
    {
        var rig = new DeadlineRig();
        rig.Hours.Open = false;
        var session = await rig.StartAsync();
        Assert.That(session.State, Is.EqualTo(SessionState.Deferred));
        Assert.That(await rig.DeadlineJobsAsync(session.Id), Is.Empty);

        rig.Clock.Advance(Duration.FromHours(10));
        await rig.RunDueAsync();
        rig.Hours.Open = true;
        var opening = rig.Clock.GetCurrentInstant();
        await rig.Centre.Dispatcher.SweepAsync();

        Assert.That((await rig.SessionAsync(session.Id)).State, Is.EqualTo(SessionState.Queued));
        Assert.That((await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false))?.DueAt, Is.EqualTo(opening + Duration.FromSeconds(120)));
        Assert.That(rig.Notifier.Warnings, Is.Empty);
    }

    [Test]
    public async Task CriticalChat_HasNoLongerToResolveThanAnOrdinaryOne()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync(critical: true);
        Assert.That((await rig.JobAsync(session.Id, DeadlineKind.Resolution, warning: false))?.DueAt, Is.EqualTo(session.QueuedAt + Duration.FromMinutes(30)));
    }

    [Test]
    public async Task Transfer_DoesNotRestartTheResolutionClock()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.AcceptAsync("op1");
        await rig.Centre.Operators.SendAsync("op1", session.Id, "Переведу вас", "m1");
        var before = await rig.JobAsync(session.Id, DeadlineKind.Resolution, warning: false);

        rig.Clock.Advance(Duration.FromMinutes(10));
        await rig.Centre.Operators.TransferAsync("op1", session.Id, "102");

        var after = await rig.JobAsync(session.Id, DeadlineKind.Resolution, warning: false);
        Assert.That(after?.DueAt, Is.EqualTo(before?.DueAt));
        Assert.That(await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false), Is.Null, "answered before the transfer");
    }

    [Test]
    public async Task Call_AnswerDeadline_StartsWhenQueuedAndStopsWhenAccepted()
    {
        var rig = new DeadlineRig();
        var call = await rig.StartAsync(Channel.Call);
        Assert.That((await rig.DeadlineJobsAsync(call.Id)).Select(j => j.Id),
            Is.EquivalentTo(new[] { DeadlineJobs.WarningId(call.Id, DeadlineKind.Answer) }));
        Assert.That((await rig.JobAsync(call.Id, DeadlineKind.Answer, warning: false))?.DueAt, Is.EqualTo(call.QueuedAt + Duration.FromMinutes(5)));

        await rig.OnlineAsync("op1");
        await rig.AcceptAsync("op1");

        Assert.That(await rig.DeadlineJobsAsync(call.Id), Is.Empty);
    }

    [Test]
    public async Task BreachJob_WokenBeforeItsDueTime_DoesNothing_AndSaysHowLongIsLeft()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        var due = await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: false) ?? throw new AssertionException("no breach job");
        rig.Clock.AdvanceSeconds(119); // a scheduler keeping whole seconds may wake it a second early

        var run = await rig.Dispatcher.RunAsync(due, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(run, Is.EqualTo(JobRun.Early(Duration.FromSeconds(1))));
            Assert.That((await rig.SessionAsync(session.Id)).Breaches, Is.Empty);
            Assert.That(rig.Notifier.Breaches, Is.Empty);
        });
    }

    [Test]
    public async Task BreachJob_WithABrokenPayload_Throws_SoTheSchedulerRetriesIt()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        var broken = new DelayedJob(DeadlineJobs.BreachId(session.Id, DeadlineKind.FirstResponse), DeadlineJobs.BreachType, "not json", rig.Clock.GetCurrentInstant());

        Assert.That(() => rig.Dispatcher.RunAsync(broken, CancellationToken.None), Throws.InstanceOf<System.Text.Json.JsonException>());
    }

    [Test]
    public async Task Warning_SchedulesTheBreachCheck_AtTheDueTime_OnlyWhileTheDeadlineIsOpen()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.AcceptAsync("op1");
        Assert.That(rig.Jobs.Get(DeadlineJobs.BreachId(session.Id, DeadlineKind.Resolution)), Is.Null, "no breach job before the warning");

        await rig.Centre.Operators.SendAsync("op1", session.Id, "Здравствуйте!", "m1");
        rig.Clock.Reset(session.QueuedAt + Duration.FromMinutes(22.5));
        var ran = await rig.RunDueAsync();

        var breach = rig.Jobs.Get(DeadlineJobs.BreachId(session.Id, DeadlineKind.Resolution));
        Assert.Multiple(() =>
        {
            Assert.That(ran, Is.EqualTo(new[] { DeadlineJobs.WarningId(session.Id, DeadlineKind.Resolution) }));
            Assert.That(breach?.Kind, Is.EqualTo(DeadlineJobs.BreachType));
            Assert.That(breach?.DueAt, Is.EqualTo(session.QueuedAt + Duration.FromMinutes(30)));
            Assert.That(rig.Jobs.Get(DeadlineJobs.BreachId(session.Id, DeadlineKind.FirstResponse)), Is.Null,
                "the first reply met its deadline before the warning: it never gets a breach job");
            Assert.That(rig.Notifier.Warnings.Select(w => w.Kind), Is.EqualTo(new[] { DeadlineKind.Resolution }));
        });
    }

    [Test]
    public async Task Warning_RunTwice_LeavesOneBreachCheck_ThatFiresOnce()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        var warn = await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: true) ?? throw new AssertionException("no warning job");
        rig.Clock.AdvanceSeconds(90);

        await rig.WarningHandler.HandleAsync(warn, CancellationToken.None);
        await rig.WarningHandler.HandleAsync(warn, CancellationToken.None);
        Assert.That((await rig.DeadlineJobsAsync(session.Id)).Count(j => j.Kind == DeadlineJobs.BreachType), Is.EqualTo(1));

        rig.Clock.AdvanceSeconds(30);
        await rig.RunDueAsync();
        await rig.RunDueAsync();
        Assert.That(rig.Notifier.Breaches.Where(b => b.SessionId == session.Id).Select(b => b.Record.Kind), Is.EqualTo(new[] { DeadlineKind.FirstResponse }));
    }

    [Test]
    public async Task RestartedDeadline_TakesBackTheBreachCheckOfTheEarlierStart()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        rig.Clock.AdvanceSeconds(90);
        await rig.RunDueAsync();
        Assert.That(rig.Jobs.Get(DeadlineJobs.BreachId(session.Id, DeadlineKind.FirstResponse)), Is.Not.Null);

        var restart = rig.Clock.GetCurrentInstant();
        await new DeadlineScheduler(rig.Jobs, rig.Options).StartAsync(session, DeadlineKind.FirstResponse, restart);
        rig.Clock.AdvanceSeconds(31);
        await rig.RunDueAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(rig.Jobs.Get(DeadlineJobs.BreachId(session.Id, DeadlineKind.FirstResponse)), Is.Null, "the earlier start's breach check is gone");
            Assert.That((await rig.SessionAsync(session.Id)).Breaches, Is.Empty);
            Assert.That((await rig.JobAsync(session.Id, DeadlineKind.FirstResponse, warning: true))?.DueAt, Is.EqualTo(restart + Duration.FromSeconds(90)));
        });
    }
}
