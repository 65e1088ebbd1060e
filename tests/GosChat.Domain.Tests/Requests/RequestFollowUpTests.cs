using GosChat.Domain.Requests;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Domain.Tests.Requests;

/// <summary>Which follow-up jobs a request has, and when, in working time.</summary>
public class RequestFollowUpTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly WorkingTimeCalculator HelpLine =
        new(new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("08:00-20:00"), new HolidayCalendar([])));

    private static Instant Msk(int month, int day, int hour) => new LocalDateTime(2026, month, day, hour, 0).InZoneStrictly(Moscow).ToInstant();

    private static ServiceRequest Request(Instant opened, DeadlineClass deadline) => new()
    {
        Ticket = "212345678",
        Kind = RequestKind.Complaint,
        Queue = "104",
        History = [new StatusChange(RequestStatus.Received, "op", opened)],
        DeadlineClass = deadline.Name,
        OpenedAt = opened,
        DueAt = deadline.DueAt(HelpLine, opened),
        AssigneeId = "op",
        AccessCodeHash = AccessCode.Hash("X"),
    };

    [TestCase("standard", 11, 27, 19, 12, 1, 13, TestName = "24 working hours from Friday 19:00: warned after 18 (Tuesday 13:00), due Tuesday 19:00")]
    [TestCase("security", 11, 27, 19, 11, 30, 10, TestName = "4 working hours from Friday 19:00: warned after 3 (Monday 10:00)")]
    [TestCase("complaint", 11, 27, 19, 12, 3, 16, TestName = "5 working days (61 working hours) from Friday 19:00: warned after 45:45 (Thursday 16:45)")]
    public async Task Opened_SchedulesTheWarningAt75PercentOfTheWorkingTime_AndTheBreachAtTheDueInstant(
        string deadlineClass, int month, int day, int hour, int warnMonth, int warnDay, int warnHour)
    {
        var opened = Msk(month, day, hour);
        var request = Request(opened, DeadlineClass.Parse(deadlineClass));
        var jobs = new ManualJobScheduler(new FakeClock(opened));
        var followUp = new RequestFollowUp(jobs, _ => HelpLine, new RequestFollowUpOptions());

        await followUp.OpenedAsync(request, "s-1", "code");

        var warning = jobs.Get(RequestJobs.WarningId(request.Ticket))!;
        Assert.That(warning.Kind, Is.EqualTo(RequestJobs.WarningType));
        Assert.That(warning.DueAt.InZone(Moscow).LocalDateTime.Date, Is.EqualTo(new LocalDate(2026, warnMonth, warnDay)));
        Assert.That(warning.DueAt.InZone(Moscow).Hour, Is.EqualTo(warnHour));
        Assert.That(HelpLine.WorkingTimeBetween(opened, warning.DueAt).TotalHours,
            Is.EqualTo(HelpLine.WorkingTimeBetween(opened, request.DueAt).TotalHours * 0.75).Within(0.001));
        Assert.That(jobs.Get(RequestJobs.BreachId(request.Ticket))!.DueAt, Is.EqualTo(request.DueAt));
        Assert.That(warning.Payload, Does.Not.Contain("code"), "no access code in a job");
    }

    [Test]
    public async Task WaitingForTheCitizen_SchedulesTheReminder_MovingOnCancelsIt_AndAFinalStatusCancelsEverything()
    {
        var opened = Msk(11, 23, 10);
        var clock = new FakeClock(opened);
        var jobs = new ManualJobScheduler(clock);
        var followUp = new RequestFollowUp(jobs, _ => HelpLine, new RequestFollowUpOptions());
        var request = Request(opened, DeadlineClass.Standard);
        await followUp.OpenedAsync(request, "s-1", "code");

        var waiting = request.Moved(RequestStatus.WaitingForCitizen, "op", opened + Duration.FromHours(1));
        await followUp.StatusChangedAsync(waiting);
        Assert.That(jobs.Get(RequestJobs.ReminderId(request.Ticket))!.DueAt, Is.EqualTo(opened + Duration.FromHours(49)));

        var back = waiting.Moved(RequestStatus.InProgress, "op", opened + Duration.FromHours(2));
        await followUp.StatusChangedAsync(back);
        Assert.That(jobs.Get(RequestJobs.ReminderId(request.Ticket)), Is.Null);
        Assert.That(jobs.All, Has.Count.EqualTo(2));

        await followUp.StatusChangedAsync(back.Moved(RequestStatus.Declined, "op", opened + Duration.FromHours(3)));
        Assert.That(jobs.All, Is.Empty);
    }
}
