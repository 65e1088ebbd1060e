using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using GosChat.Server.Notifications;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// A request's follow-up on Hangfire jobs and the servers' fake clock: the warning at 75 % of its working time to the
/// assignee, the breach to the supervisors, nothing once resolved, and the citizen's reminder after 48 h of waiting.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestFollowUpTests(string storage) : ServerFixtureBase(storage)
{
    private sealed record Opened(HubConnection Operator, OpenedRequestDto Request, Inbox<DeadlineWarningDto> Warnings);

    private IReadOnlyList<Domain.Ports.Notification> Outbox(string ticket, string purpose) =>
        Server.Services.GetRequiredService<OutboxNotificationSender>().Sent.Where(n => n.Reference == ticket && n.Purpose == purpose).ToList();

    private async Task<Opened> OpenAsync(string deadlineClass, string language = "ru")
    {
        var (op, offers) = await AvailableOperator("op102");
        var warnings = op.Inbox<DeadlineWarningDto>("DeadlineWarning");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Нужна справка", language, null, null, "+7 916 000-11-22", null, null));
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        var request = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto("application", deadlineClass, null));
        await op.InvokeAsync("CloseSession", started.SessionId, null);
        return new Opened(op, request, warnings);
    }

    [Test]
    public async Task Warning_At75PercentOfItsWorkingTime_ToTheAssignee_ThenTheBreach_ToSupervisors()
    {
        // Monday 19:00 Moscow, "security" (4 working hours on Mon–Fri 08–20): 1 h tonight, 3 h on Tuesday → due 11:00,
        // warned after 3 working hours → Tuesday 10:00.
        await Server.AdvanceAsync(Duration.FromHours(9));
        var supervisor = await Operator("supervisor");
        var breaches = supervisor.Inbox<DeadlineBreachedDto>("DeadlineBreached");
        var opened = await OpenAsync("security");
        var tuesday10 = Start + Duration.FromHours(24);
        Assert.That(opened.Request.DueAt, Is.EqualTo(tuesday10 + Duration.FromHours(1)));

        await Server.ResetClockAsync(tuesday10 - Duration.FromMinutes(1));
        Assert.That(opened.Warnings.All.Where(w => w.Deadline == "request"), Is.Empty, "not before 75 % of the working time");

        await Server.ResetClockAsync(tuesday10);
        var warning = await opened.Warnings.WaitAsync(w => w.Deadline == "request");
        Assert.That((warning.Ticket, warning.DueAt), Is.EqualTo((opened.Request.Ticket, opened.Request.DueAt)));
        Assert.That(breaches.All.Where(b => b.Deadline == "request"), Is.Empty);

        await Server.ResetClockAsync(opened.Request.DueAt);
        var breach = await breaches.WaitAsync(b => b.Deadline == "request");
        Assert.Multiple(() =>
        {
            Assert.That(breach.Ticket, Is.EqualTo(opened.Request.Ticket));
            Assert.That(breach.Queue, Is.EqualTo("102"));
            Assert.That(breach.BreachId, Is.EqualTo("request:" + opened.Request.Ticket));
        });
        var card = await opened.Operator.InvokeAsync<RequestCardDto>("GetRequest", opened.Request.Ticket);
        Assert.That(card.BreachedAt, Is.EqualTo(opened.Request.DueAt));
    }

    [Test]
    public async Task AResolvedRequest_IsNeitherWarnedNorBreached()
    {
        var supervisor = await Operator("supervisor");
        var breaches = supervisor.Inbox<DeadlineBreachedDto>("DeadlineBreached");
        var opened = await OpenAsync("security");
        await opened.Operator.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Request.Ticket, "resolved");

        await Server.ResetClockAsync(opened.Request.DueAt + Duration.FromHours(1));

        var card = await opened.Operator.InvokeAsync<RequestCardDto>("GetRequest", opened.Request.Ticket);
        Assert.That(card.BreachedAt, Is.Null);
        Assert.That(opened.Warnings.All.Where(w => w.Deadline == "request"), Is.Empty);
        Assert.That(breaches.All.Where(b => b.Deadline == "request"), Is.Empty);
    }

    [Test]
    public async Task ARequestWaitingOnTheCitizenFor48Hours_RemindsThemOnce()
    {
        var opened = await OpenAsync("tech72", language: "en");
        var ticket = opened.Request.Ticket;
        // Notices go out by their own Hangfire job, just after the change.
        await Eventually.AssertAsync(() => Task.FromResult(Outbox(ticket, RequestNotices.OpenedPurpose).Count == 1), "the opening notice");
        var created = Outbox(ticket, RequestNotices.OpenedPurpose).Single();
        Assert.That(created.Phone, Is.EqualTo("+7 916 000-11-22"));
        Assert.That(created.Text, Does.Contain(ticket).And.Contain(opened.Request.AccessCode).And.StartWith("Your request"));

        await opened.Operator.InvokeAsync<RequestCardDto>("SetRequestStatus", ticket, "waitingForCitizen");
        await Eventually.AssertAsync(() => Task.FromResult(Outbox(ticket, RequestNotices.StatusPurpose).Count == 1), "the status notice");
        Assert.That(Outbox(ticket, RequestNotices.StatusPurpose).Single().Text, Is.EqualTo($"Request {ticket}: waiting for your reply."));

        await Server.AdvanceAsync(Duration.FromHours(47));
        Assert.That(Outbox(ticket, RequestNotices.ReminderPurpose), Is.Empty);

        await Server.AdvanceAsync(Duration.FromHours(1));
        await Eventually.AssertAsync(() => Task.FromResult(Outbox(ticket, RequestNotices.ReminderPurpose).Count == 1), "the reminder");
        Assert.That(Outbox(ticket, RequestNotices.ReminderPurpose).Single().Text, Does.Contain(ticket).And.Contain("waiting for your reply"));

        await Server.AdvanceAsync(Duration.FromHours(48));
        Assert.That(Outbox(ticket, RequestNotices.ReminderPurpose), Has.Count.EqualTo(1), "once per wait");
    }

    [Test]
    public async Task ARequestThatMovesOnBefore48Hours_SendsNoReminder()
    {
        var opened = await OpenAsync("tech72");
        await opened.Operator.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Request.Ticket, "waitingForCitizen");
        await Server.AdvanceAsync(Duration.FromHours(24));
        await opened.Operator.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Request.Ticket, "inProgress");

        await Server.AdvanceAsync(Duration.FromHours(48));

        Assert.That(Outbox(opened.Request.Ticket, RequestNotices.ReminderPurpose), Is.Empty);
        // Each status notice is its own job: the second may still be on its way when the clock has moved.
        await Eventually.AssertAsync(() => Task.FromResult(Outbox(opened.Request.Ticket, RequestNotices.StatusPurpose).Count >= 2), "both status notices");
        Assert.That(Outbox(opened.Request.Ticket, RequestNotices.StatusPurpose).Select(n => n.Text), Is.EqualTo(new[]
        {
            $"Обращение {opened.Request.Ticket}: ждёт вашего ответа.", $"Обращение {opened.Request.Ticket}: в работе.",
        }));
    }
}
