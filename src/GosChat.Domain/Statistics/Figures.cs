using GosChat.Domain.Deadlines;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>Citizens' scores: how many rated, the mean, and how many gave each score 1–5 (<see cref="Distribution"/>[0] = ones).</summary>
public sealed record Satisfaction(int Rated, double? Average, IReadOnlyList<int> Distribution);

/// <summary>
/// The figures of one group of sessions (a queue, a channel, an operator, or all). Times are seconds; percentiles are
/// nearest-rank; a figure with nothing to measure is null. <see cref="Sla"/> maps a deadline name to the share met.
/// </summary>
public sealed record FigureRow(
    string Key, int Offered, int Answered, int Abandoned, double? AbandonedAfterP50,
    double? WaitP50, double? WaitP90, double? FirstReplyP50, double? FirstReplyP90, double? HandleSecondsAverage,
    int Transfers, IReadOnlyDictionary<string, double?> Sla, Satisfaction Satisfaction,
    int Verified = 0, int Repeats = 0, double? RepeatShare = null, int Requests = 0,
    double? AbandonedAfterP90 = null, IReadOnlyList<int>? AbandonedAfterDistribution = null, int RequestsPending = 0);

/// <summary>The figures of a period of local days.</summary>
public sealed record FiguresReport(LocalDate From, LocalDate To, string TimeZone,
    IReadOnlyList<FigureRow> Queues, IReadOnlyList<FigureRow> Channels, IReadOnlyList<FigureRow> Operators, FigureRow Total);

/// <summary>The arithmetic of the figures, from closed sessions' records.</summary>
public static class Figures
{
    /// <summary>The deadlines with an attainment figure, and the channel each applies to.</summary>
    public static IReadOnlyList<(string Deadline, string Channel)> SlaDeadlines { get; } =
    [
        (DeadlineNames.Of(DeadlineKind.FirstResponse), "chat"),
        (DeadlineNames.Of(DeadlineKind.Resolution), "chat"),
        (DeadlineNames.Of(DeadlineKind.Answer), "call"),
        (ContactRecord.RequestDeadline, ContactRecord.RequestChannel),
    ];

    /// <summary>
    /// The lower bounds (seconds, inclusive) of the bands of <see cref="FigureRow.AbandonedAfterDistribution"/>: under 30 s,
    /// 30–60 s, 1–2 min, 2–5 min, 5 min or more.
    /// </summary>
    public static IReadOnlyList<int> AbandonBandStarts { get; } = [0, 30, 60, 120, 300];

    /// <summary>The band (0–4) of a wait before giving up.</summary>
    public static int AbandonBand(double seconds)
    {
        var band = 0;
        for (var i = 1; i < AbandonBandStarts.Count; i++)
            if (seconds >= AbandonBandStarts[i]) band = i;
        return band;
    }

    /// <param name="pending">Records of requests still open and not yet due: counted as <see cref="FigureRow.RequestsPending"/> only.</param>
    public static FiguresReport Report(LocalDate from, LocalDate to, string timeZone, IReadOnlyList<ContactRecord> records,
        IReadOnlyList<ContactRecord>? pending = null)
    {
        var open = pending ?? [];
        var operators = records.Concat(open).Select(r => r.OperatorId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new(from, to, timeZone,
            QueueCatalog.All.Select(q => Row(q.Id, records.Where(r => r.Queue == q.Id), open.Where(r => r.Queue == q.Id))).ToList(),
            new[] { "chat", "call" }.Select(c => Row(c, records.Where(r => r.Channel == c))).ToList(),
            operators.Select(id => Row(id, records.Where(r => r.OperatorId == id), open.Where(r => r.OperatorId == id))).ToList(),
            Row("all", records, open));
    }

    public static FigureRow Row(string key, IEnumerable<ContactRecord> group, IEnumerable<ContactRecord>? pending = null)
    {
        var all = group.ToList();
        var requests = all.Where(r => r.IsRequest).ToList();
        var records = all.Where(r => !r.IsRequest).ToList();
        var answered = records.Where(r => r.Answered).ToList();
        var abandoned = records.Where(r => !r.Answered).ToList();
        var waits = answered.Select(r => r.WaitSeconds!.Value).ToList();
        var replies = records.Select(r => r.FirstReplySeconds).OfType<double>().ToList();
        var handles = answered.Select(r => r.HandleSeconds!.Value).ToList();
        var rated = records.Select(r => r.Rating).OfType<int>().ToList();
        var sla = new Dictionary<string, double?>();
        foreach (var (deadline, channel) in SlaDeadlines)
        {
            // A deadline applies to the channel's sessions that were answered or missed it; one abandoned in time is left out.
            // A request counts once finished: met when finished by its due instant and never marked breached.
            var applicable = channel == ContactRecord.RequestChannel
                ? requests
                : records.Where(r => r.Channel == channel && (r.Answered || r.Breaches.Contains(deadline))).ToList();
            sla[deadline] = applicable.Count == 0 ? null : Math.Round((double)applicable.Count(r => !r.Breaches.Contains(deadline)) / applicable.Count, 4);
        }
        var verified = records.Count(r => r.Repeat is not null);
        var repeats = records.Count(r => r.Repeat == true);
        var gaveUp = abandoned.Select(r => r.AbandonedAfterSeconds!.Value).ToList();
        return new FigureRow(key, records.Count, answered.Count, abandoned.Count,
            Percentile(gaveUp, 50),
            Percentile(waits, 50), Percentile(waits, 90), Percentile(replies, 50), Percentile(replies, 90),
            handles.Count == 0 ? null : Math.Round(handles.Average(), 1),
            records.Sum(r => r.Transfers), sla,
            new Satisfaction(rated.Count, rated.Count == 0 ? null : Math.Round(rated.Average(), 2),
                Enumerable.Range(1, 5).Select(score => rated.Count(s => s == score)).ToList()),
            verified, repeats, verified == 0 ? null : Math.Round((double)repeats / verified, 4), requests.Count,
            Percentile(gaveUp, 90),
            Enumerable.Range(0, AbandonBandStarts.Count).Select(band => gaveUp.Count(s => AbandonBand(s) == band)).ToList(),
            pending?.Count() ?? 0);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> % of the values at or below it; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, int p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>
/// Reports over local days in the schedules' zone: today by default, at most <see cref="MaxDays"/> days. With the
/// <paramref name="requests"/> store, requests opened on those days and still open count too: past their due instant (or
/// marked breached) as missed, in <c>requests</c> and <c>sla.request</c>; not yet due as <c>requestsPending</c> only.
/// </summary>
public sealed class FiguresService(Ports.IContactRecordStore store, IClock clock, DateTimeZone zone, Ports.IRequestStore? requests = null)
{
    public const int MaxDays = 92;

    public LocalDate Today => clock.GetCurrentInstant().InZone(zone).Date;

    public async Task<FiguresReport> ReportAsync(LocalDate? from, LocalDate? to)
    {
        var (first, last) = Days(from, to);
        var records = await store.GetAsync(first, last);
        if (requests is null) return Figures.Report(first, last, zone.Id, records);
        var now = clock.GetCurrentInstant();
        var finished = records.Where(r => r.IsRequest).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var open = (await requests.ListAsync())
            .Where(r => !r.IsFinal && r.OpenedAt.InZone(zone).Date is var d && d >= first && d <= last)
            .Select(ContactRecord.FromRequest)
            .Where(r => !finished.Contains(r.Key))
            .ToList();
        // Open and past due (or marked breached): missed now, whenever it finishes. FromRequest marks them as breached.
        var overdue = open.Where(r => r.Breaches.Count > 0 || now > r.DueAt).Select(r => r with { Breaches = [ContactRecord.RequestDeadline] });
        var pending = open.Where(r => r.Breaches.Count == 0 && now <= r.DueAt).ToList();
        return Figures.Report(first, last, zone.Id, [.. records, .. overdue], pending);
    }

    /// <summary>The period's first and last day (today by default), refused when reversed or longer than <see cref="MaxDays"/>.</summary>
    public (LocalDate First, LocalDate Last) Days(LocalDate? from, LocalDate? to)
    {
        var last = to ?? from ?? Today;
        var first = from ?? last;
        if (first > last)
            throw DomainException.BadRequest(ErrorCodes.BadPeriod, "from must not be after to.");
        if (Period.Between(first, last, PeriodUnits.Days).Days >= MaxDays)
            throw DomainException.BadRequest(ErrorCodes.BadPeriod, $"A report covers at most {MaxDays} days.");
        return (first, last);
    }

    /// <summary>The instants of a period of local days: from the first day's start to the start of the day after the last.</summary>
    public Interval Instants(LocalDate first, LocalDate last) =>
        new(first.AtStartOfDayInZone(zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());

    /// <summary>The local day of an instant.</summary>
    public LocalDate DayOf(Instant at) => at.InZone(zone).Date;
}
