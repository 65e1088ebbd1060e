using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

/// <summary>
/// Repeat contacts within 7 days (verified identities only) and the requests' deadline figure, from a scripted day
/// through the recorders, the real in-memory stores and the report, against values worked out by hand.
/// </summary>
public sealed class RepeatAndRequestFiguresTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly LocalDate Day = new(2026, 11, 23);

    private static Instant At(LocalDate day, int hour, int minute) => day.At(new LocalTime(hour, minute)).InZoneStrictly(Moscow).ToInstant();

    private InMemoryContactRecordStore _records = null!;
    private InMemoryRoutingStore _sessions = null!;
    private InMemoryCitizenHistory _history = null!;
    private ContactRecorder _recorder = null!;
    private int _ticket;
    private InMemoryRequestStore _requests = null!;

    private async Task ContactAsync(string id, Instant created, string? citizen, bool closed = true, bool erased = false)
    {
        var session = new Session
        {
            Id = id, Ticket = "3" + (++_ticket).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture), Queue = "101",
            State = SessionState.Closed, CreatedAt = created, QueuedAt = created, OrderAt = created,
            AssignedAt = created + Duration.FromSeconds(30), OperatorId = "op101", ClosedAt = created + Duration.FromMinutes(10),
            HistoryKey = citizen is null ? null : new string(char.ToLowerInvariant(citizen[0]), 64),
        };
        if (citizen is not null) await _history.RecordAsync(session.HistoryKey!, id, created);
        if (!erased) Assert.That(await _sessions.CommitAsync(new RoutingChange().Put(session)), Is.True);
        if (closed) await _recorder.ClosedAsync(session);
    }

    [SetUp]
    public async Task ScriptTheDay()
    {
        _records = new InMemoryContactRecordStore();
        _sessions = new InMemoryRoutingStore();
        _history = new InMemoryCitizenHistory();
        _recorder = new ContactRecorder(_records, Moscow, _history, _sessions);
        // Earlier days, not closed today: only in the citizens' histories.
        await ContactAsync("a1", At(Day.PlusDays(-10), 10, 0), "A", closed: false);
        await ContactAsync("b1", At(Day.PlusDays(-3), 12, 0), "B", closed: false);
        await ContactAsync("c1", At(Day.PlusDays(-1), 12, 0), "C", closed: false, erased: true);
        await ContactAsync("d1", At(Day.PlusDays(-7), 11, 30), "D", closed: false);
        // The day.
        await ContactAsync("a2", At(Day, 10, 0), "A");  // A's last contact 10 days ago: not a repeat
        await ContactAsync("a3", At(Day, 15, 0), "A");  // 5 hours after a2: a repeat
        await ContactAsync("b2", At(Day, 11, 0), "B");  // 3 days after b1: a repeat
        await ContactAsync("c2", At(Day, 13, 0), "C");  // c1 was erased: nothing to repeat
        await ContactAsync("d2", At(Day, 11, 30), "D"); // exactly 7 days after d1: a repeat
        await ContactAsync("u1", At(Day, 12, 0), null); // nobody vouched for the citizen: not counted either way

        var requests = new RequestRecorder(_records, Moscow);
        _requests = new InMemoryRequestStore();
        ServiceRequest Request(string ticket, int openedHour, int dueHour) => new()
        {
            Ticket = ticket, Queue = "101", DeadlineClass = "standard", AssigneeId = "op101", AccessCodeHash = "x",
            OpenedAt = At(Day, openedHour, 0), DueAt = At(Day, dueHour, 0),
            History = [new StatusChange(RequestStatus.Received, "op101", At(Day, openedHour, 0))],
        };
        var met = Request("100000001", 9, 18);
        await requests.StatusChangedAsync(met.Moved(RequestStatus.InProgress, "op101", At(Day, 10, 0))); // not final: no record
        await requests.StatusChangedAsync(met.Moved(RequestStatus.Resolved, "op101", At(Day, 17, 0)));
        await requests.StatusChangedAsync(Request("100000002", 11, 12).Moved(RequestStatus.Declined, "op101", At(Day, 13, 0))); // late
        var open = (Request("100000003", 11, 19) with { BreachedAt = At(Day, 19, 0) }).Moved(RequestStatus.InProgress, "op101", At(Day, 12, 0));
        await requests.StatusChangedAsync(open); // still open: no record; at 21:00 past its due instant, so missed
        Assert.That(await _requests.SaveAsync(open), Is.True);
        // Still open, due tomorrow at noon: pending, not counted in the share.
        Assert.That(await _requests.SaveAsync(Request("100000005", 12, 12) with { DueAt = At(Day.PlusDays(1), 12, 0), AssigneeId = "op102" }), Is.True);
        // Opened the day before, still open: not the period's.
        Assert.That(await _requests.SaveAsync(Request("100000006", 10, 11) with { OpenedAt = At(Day.PlusDays(-1), 10, 0) }), Is.True);
        await requests.StatusChangedAsync(Request("100000004", 8, 20).Moved(RequestStatus.Resolved, "op101", At(Day, 20, 0))); // at the due instant: met
    }

    private Task<FiguresReport> ReportAsync(int hour = 21) =>
        new FiguresService(_records, new FakeClock(At(Day, hour, 0)), Moscow, _requests).ReportAsync(Day, Day);

    [Test]
    public async Task RepeatContacts_VerifiedOnly_WithinSevenDays()
    {
        var q = (await ReportAsync()).Queues.Single(r => r.Key == "101");

        Assert.That((q.Offered, q.Verified, q.Repeats, q.RepeatShare), Is.EqualTo((6, 5, 3, (double?)0.6)), "a3, b2, d2 of a2, a3, b2, c2, d2");
    }

    [Test]
    public async Task Requests_MetWhenFinishedByTheirDeadline_AndApartFromTheContacts()
    {
        var report = await ReportAsync();
        var q = report.Queues.Single(r => r.Key == "101");

        Assert.That((q.Requests, q.Sla["request"], q.RequestsPending), Is.EqualTo((4, (double?)0.5, 1)),
            "2 of 3 finished in time, and the open one past its due instant missed; the one due tomorrow is pending");
        Assert.That((q.Offered, q.Answered, q.Abandoned), Is.EqualTo((6, 6, 0)), "requests are not contacts");
        Assert.That(report.Channels.Select(c => (c.Key, c.Offered)), Is.EqualTo(new[] { ("chat", 6), ("call", 0) }));
        Assert.That(report.Operators.Select(o => (o.Key, o.Requests, o.RequestsPending)), Is.EqualTo(new[] { ("op101", 4, 0), ("op102", 0, 1) }),
            "the assignees' requests");
        Assert.That((report.Total.Requests, report.Total.Sla["request"], report.Total.RequestsPending), Is.EqualTo((4, (double?)0.5, 1)));
        Assert.That(report.Queues.Single(r => r.Key == "102").Sla["request"], Is.Null, "no requests");
    }

    [Test]
    public async Task OpenRequests_AreMissedOnlyOnceTheirDueInstantHasPassed()
    {
        // At 18:00 the open request due at 19:00 is not past due, but the script marked it breached: a mark counts as missed.
        var evening = (await ReportAsync(18)).Queues.Single(r => r.Key == "101");
        Assert.That((evening.Requests, evening.RequestsPending), Is.EqualTo((4, 1)));

        // Without the mark: pending at 18:00 and at 19:00 exactly (due, not past due), missed at 19:01.
        var unmarked = (await _requests.GetAsync("100000003"))!;
        Assert.That(await _requests.SaveAsync(unmarked with { BreachedAt = null }), Is.True);
        async Task<(int, double?, int)> AtAsync(Instant now)
        {
            var q = (await new FiguresService(_records, new FakeClock(now), Moscow, _requests).ReportAsync(Day, Day)).Queues.Single(r => r.Key == "101");
            return (q.Requests, q.Sla["request"], q.RequestsPending);
        }
        Assert.That(await AtAsync(At(Day, 18, 0)), Is.EqualTo((3, (double?)0.6667, 2)));
        Assert.That(await AtAsync(At(Day, 19, 0)), Is.EqualTo((3, (double?)0.6667, 2)));
        Assert.That(await AtAsync(At(Day, 19, 1)), Is.EqualTo((4, (double?)0.5, 1)));
    }
}
