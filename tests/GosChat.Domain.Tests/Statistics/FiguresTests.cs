using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

/// <summary>
/// Figures of a scripted day on a fake clock, through the recorder into the store and back, against values worked out
/// by hand: answered, abandoned (before and after a breach), a transfer, a call, ratings, and a chat across midnight.
/// </summary>
public sealed class FiguresTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly LocalDate Day = new(2026, 11, 23);
    private static readonly LocalDate Next = Day.PlusDays(1);

    private static Instant At(LocalDate day, int hour, int minute) => day.At(new LocalTime(hour, minute)).InZoneStrictly(Moscow).ToInstant();

    private static Session Closed(string id, string queue, Instant queued, int? assignedAfter, int? firstReplyAfter, int closedAfter,
        string? op = null, Channel channel = Channel.Chat, int? rating = null, DeadlineKind[]? breaches = null, string[]? transferredFrom = null) => new()
    {
        Id = id, Ticket = "3" + id.PadLeft(8, '0'), Queue = queue, Channel = channel, State = SessionState.Closed,
        CreatedAt = queued, QueuedAt = queued, OrderAt = queued,
        AssignedAt = assignedAfter is { } a ? queued + Duration.FromSeconds(a) : null,
        OperatorId = assignedAfter is null ? null : op, OperatorName = op is null ? null : "Оператор " + op,
        FirstOperatorReplyAt = firstReplyAfter is { } r ? queued + Duration.FromSeconds(r) : null,
        ClosedAt = queued + Duration.FromSeconds(closedAfter), Rating = rating,
        Breaches = (breaches ?? []).Select(k => new DeadlineBreach(k, queued, queued, 1)).ToList(),
        TransferredFrom = transferredFrom ?? [],
    };

    private InMemoryContactRecordStore _store = null!;
    private FakeClock _clock = null!;

    [SetUp]
    public async Task ScriptTheDay()
    {
        _store = new InMemoryContactRecordStore();
        _clock = new FakeClock(At(Next, 9, 0));
        var recorder = new ContactRecorder(_store, Moscow);
        Session[] day =
        [
            Closed("1", "101", At(Day, 10, 0), 30, 60, 600, "op101", rating: 5),
            Closed("2", "101", At(Day, 10, 5), 150, 200, 1200, "op101", rating: 2, breaches: [DeadlineKind.FirstResponse]),
            Closed("3", "101", At(Day, 10, 10), null, null, 90),
            Closed("4", "101", At(Day, 10, 20), null, null, 300, breaches: [DeadlineKind.FirstResponse]),
            Closed("5", "102", At(Day, 11, 0), 60, null, 300, "op102", channel: Channel.Call),
            Closed("6", "102", At(Day, 12, 0), 40, 50, 600, "op102", rating: 4, transferredFrom: ["101"]),
            Closed("7", "101", At(Day, 23, 58), 60, 90, 1320, "op101"), // closes at 00:20 the next day: counts on the day it started
            Closed("8", "101", At(Next, 0, 5), null, null, 30),
        ];
        foreach (var s in day)
        {
            await recorder.ClosedAsync(s with { Rating = null });
            if (s.Rating is not null) await recorder.RatedAsync(s); // a rating replaces the record, it adds no contact
        }
    }

    private Task<FiguresReport> ReportAsync(LocalDate? from, LocalDate? to) => new FiguresService(_store, _clock, Moscow).ReportAsync(from, to);

    [Test]
    public async Task Queue101_OnTheDay()
    {
        var q = (await ReportAsync(Day, Day)).Queues.Single(r => r.Key == "101");

        Assert.That((q.Offered, q.Answered, q.Abandoned, q.Transfers), Is.EqualTo((5, 3, 2, 0)));
        Assert.That(q.AbandonedAfterP50, Is.EqualTo(90), "abandoned after 90 and 300 s");
        Assert.That(q.AbandonedAfterP90, Is.EqualTo(300), "nearest rank: the 2nd of 2");
        Assert.That(q.AbandonedAfterDistribution, Is.EqualTo(new[] { 0, 0, 1, 0, 1 }), "90 s in 1–2 min, 300 s in 5 min or more");
        Assert.That((q.WaitP50, q.WaitP90), Is.EqualTo(((double?)60, (double?)150)), "waits 30, 60, 150");
        Assert.That((q.FirstReplyP50, q.FirstReplyP90), Is.EqualTo(((double?)90, (double?)200)), "first replies 60, 90, 200");
        Assert.That(q.HandleSecondsAverage, Is.EqualTo(960), "(570 + 1050 + 1260) / 3");
        Assert.That(q.Sla["firstResponse"], Is.EqualTo(0.5), "met by 1 and 7, missed by 2 and by 4 before it gave up; 3 gave up in time");
        Assert.That(q.Sla["resolution"], Is.EqualTo(1.0));
        Assert.That(q.Sla["answer"], Is.Null, "no calls");
        Assert.That(q.Satisfaction, Is.EqualTo(new Satisfaction(2, 3.5, [0, 1, 0, 0, 1])).Using<Satisfaction>(SameSatisfaction));
    }

    [Test]
    public async Task Queue102_WithACallAndATransfer()
    {
        var q = (await ReportAsync(Day, Day)).Queues.Single(r => r.Key == "102");

        Assert.That((q.Offered, q.Answered, q.Abandoned, q.Transfers), Is.EqualTo((2, 2, 0, 1)));
        Assert.That(q.AbandonedAfterP50, Is.Null);
        Assert.That(q.AbandonedAfterP90, Is.Null);
        Assert.That(q.AbandonedAfterDistribution, Is.EqualTo(new[] { 0, 0, 0, 0, 0 }));
        Assert.That((q.WaitP50, q.WaitP90), Is.EqualTo(((double?)40, (double?)60)));
        Assert.That((q.FirstReplyP50, q.FirstReplyP90), Is.EqualTo(((double?)50, (double?)50)), "the call has no first reply");
        Assert.That(q.HandleSecondsAverage, Is.EqualTo(400), "(240 + 560) / 2");
        Assert.That((q.Sla["firstResponse"], q.Sla["resolution"], q.Sla["answer"]), Is.EqualTo(((double?)1.0, (double?)1.0, (double?)1.0)));
        Assert.That(q.Satisfaction.Average, Is.EqualTo(4));
    }

    [Test]
    public async Task Channels_Operators_AndTheTotal()
    {
        var report = await ReportAsync(Day, Day);

        Assert.That(report.Channels.Select(c => (c.Key, c.Offered, c.Answered)), Is.EqualTo(new[] { ("chat", 6, 4), ("call", 1, 1) }));
        Assert.That(report.Operators.Select(o => (o.Key, o.Offered, o.HandleSecondsAverage)),
            Is.EqualTo(new[] { ("op101", 3, (double?)960), ("op102", 2, (double?)400) }));
        Assert.That((report.Total.Offered, report.Total.Answered, report.Total.Abandoned), Is.EqualTo((7, 5, 2)));
        Assert.That(report.Total.Satisfaction.Distribution, Is.EqualTo(new[] { 0, 1, 0, 1, 1 }));
        Assert.That(report.Queues.Select(q => q.Key), Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
        Assert.That(report.Queues.Single(q => q.Key == "103").Offered, Is.Zero);
    }

    [Test]
    public async Task Days_AreMoscowDays_AndAPeriodAddsThemUp()
    {
        var next = (await ReportAsync(Next, Next)).Total;
        Assert.That(next.Offered, Is.EqualTo(1), "only the chat started at 00:05");
        Assert.That((next.AbandonedAfterP50, next.AbandonedAfterP90), Is.EqualTo(((double?)30, (double?)30)));
        Assert.That(next.AbandonedAfterDistribution, Is.EqualTo(new[] { 0, 1, 0, 0, 0 }), "30 s is the first second of 30–60 s");
        var both = (await ReportAsync(Day, Next)).Total;
        Assert.That((both.AbandonedAfterP50, both.AbandonedAfterP90), Is.EqualTo(((double?)90, (double?)300)), "30, 90, 300 s");
        Assert.That(both.AbandonedAfterDistribution, Is.EqualTo(new[] { 0, 1, 1, 0, 1 }));
        Assert.That((await ReportAsync(Day, Next)).Queues.Single(q => q.Key == "101").Offered, Is.EqualTo(6));
        var today = await ReportAsync(null, null);
        Assert.That((today.From, today.To, today.Total.Offered), Is.EqualTo((Next, Next, 1)), "today on the clock, 09:00 Moscow");
    }

    [TestCase("2026-11-24", "2026-11-23")]
    [TestCase("2026-01-01", "2026-04-03")] // 93 days
    public void AnUnusablePeriod_IsRefused(string from, string to)
    {
        var error = Assert.ThrowsAsync<DomainException>(() => ReportAsync(
            NodaTime.Text.LocalDatePattern.Iso.Parse(from).Value, NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.BadPeriod));
    }

    [Test] // 1 January to 2 April, both included
    public void NinetyTwoDays_AreAllowed() =>
        Assert.DoesNotThrowAsync(() => ReportAsync(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 2)));

    [TestCase(new double[] { 10, 20, 30, 40 }, 50, 20)]
    [TestCase(new double[] { 10, 20, 30, 40 }, 90, 40)]
    [TestCase(new double[] { 7 }, 90, 7)]
    [TestCase(new double[] { 5, 1, 4, 2, 3, 9, 8, 7, 6, 10 }, 90, 9)]
    public void Percentile_IsNearestRank(double[] values, int p, double expected) =>
        Assert.That(Figures.Percentile(values, p), Is.EqualTo(expected));

    private static bool SameSatisfaction(Satisfaction a, Satisfaction b) =>
        a.Rated == b.Rated && a.Average == b.Average && a.Distribution.SequenceEqual(b.Distribution);

    [TestCase(0, 0)]
    [TestCase(29, 0)]
    [TestCase(30, 1)]
    [TestCase(59, 1)]
    [TestCase(60, 2)]
    [TestCase(119, 2)]
    [TestCase(120, 3)]
    [TestCase(299, 3)]
    [TestCase(300, 4)]
    [TestCase(3600, 4)]
    public void AbandonBands_StartAt30s_1min_2min_5min(double seconds, int band) =>
        Assert.That(Figures.AbandonBand(seconds), Is.EqualTo(band));
}
