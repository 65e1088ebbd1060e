using GosChat.Domain.Scheduling;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

/// <summary>
/// The forecast for the remaining hours of today, from contact records of scripted days on a fake clock. Expected
/// operators are Erlang C by hand (see ErlangCTests for the formula against published tables): 1.25 erlangs at 300 s
/// needs 3 slots for 80 % in 120 s; 0.5 erlangs at 600 s needs 2; 1 erlang of calls at 180 s needs 2 for 80 % in 300 s;
/// 0.27 erlangs at 240 s needs 1.
/// </summary>
public sealed class HourlyForecastTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly LocalDate Today = new(2026, 11, 24); // a Tuesday

    private static Instant At(LocalDate day, int hour, int minute) => day.At(new LocalTime(hour, minute)).InZoneStrictly(Moscow).ToInstant();

    private static readonly ServiceTarget Chat = new(0.8, Duration.FromSeconds(120));
    private static readonly ServiceTarget Call = new(0.8, Duration.FromSeconds(300));

    private InMemoryContactRecordStore _store = null!;
    private int _next;

    private async Task AddAsync(string queue, string channel, Instant queued, int count, int? handleSeconds)
    {
        for (var i = 0; i < count; i++)
        {
            var at = queued + Duration.FromSeconds(i);
            await _store.PutAsync(at.InZone(Moscow).Date, new ContactRecord
            {
                Key = ContactRecord.KeyOf("s" + _next++), Queue = queue, Channel = channel, CreatedAt = at, QueuedAt = at,
                AssignedAt = handleSeconds is null ? null : at + Duration.FromSeconds(10),
                OperatorId = handleSeconds is null ? null : "op" + queue,
                ClosedAt = at + Duration.FromSeconds(10 + (handleSeconds ?? 50)),
            });
        }
    }

    [SetUp]
    public async Task ScriptTheDays()
    {
        _store = new InMemoryContactRecordStore();
        var a = Today.PlusDays(-2);
        var b = Today.PlusDays(-3);
        // Queue 101, 16:00–17:00: 12 chats on day a (one abandoned), 18 on day b, all handled in 300 s → 15 an hour.
        await AddAsync("101", "chat", At(a, 16, 5), 11, 300);
        await AddAsync("101", "chat", At(a, 16, 40), 1, null);
        await AddAsync("101", "chat", At(b, 16, 0), 18, 300);
        // 17:00–18:00: 6 chats of 600 s on day a only → 3 an hour over the 2 days with chats.
        await AddAsync("101", "chat", At(a, 17, 30), 6, 600);
        // Calls 16:00–17:00: 20 a day of 180 s.
        await AddAsync("101", "call", At(a, 16, 10), 20, 180);
        await AddAsync("101", "call", At(b, 16, 10), 20, 180);
        // Eight days ago, outside the 7 days read: ignored.
        await AddAsync("101", "chat", At(Today.PlusDays(-8), 16, 0), 100, 300);
        // Queue 102 has no history: today, 4 chats of 240 s in the last hour (15:20–16:20) and one earlier, left out.
        await AddAsync("102", "chat", At(Today, 15, 30), 4, 240);
        await AddAsync("102", "chat", At(Today, 14, 0), 1, 100);
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<HourForecast>>> ForecastAtAsync(Instant now)
    {
        // Chats 09:00–21:00, calls 09:00–18:00, weekdays.
        var hours = new QueueHours(new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("09:00-21:00")),
            new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("09:00-18:00")));
        var working = new ScheduledWorkingHours(new Dictionary<string, QueueHours> { ["101"] = hours, ["102"] = hours },
            LanguageAvailability.Default(Moscow));
        var settings = new HourlySettings(7, Duration.FromHours(1), (_, channel) => channel == "call" ? Call : Chat);
        var forecaster = new HourlyForecaster(_store, working, new FakeClock(now), Moscow, settings);
        QueueForecast[] current =
        [
            new("101", 0, 2, 0, 200, Chat, Concurrency: 2, 1),
            new("102", 0, 0, 0, 200, Chat, Concurrency: 3, 1),
        ];
        return await forecaster.ForecastAsync(current);
    }

    private static string Row(HourForecast h) => FormattableString.Invariant(
        $"{h.Hour:HH:mm} {h.Channel} {h.ArrivalsPerHour} {h.HandleSeconds} {h.Concurrency} {h.OperatorsNeeded} {h.Basis}");

    [Test]
    public async Task Queue101_FromTheSameHourOfTheRecentDays_ChatsAndCallsApart_OpenHoursOnly()
    {
        var hours = (await ForecastAtAsync(At(Today, 16, 20)))["101"];

        Assert.That(hours.Select(Row), Is.EqualTo(new[]
        {
            "16:00 chat 15 300 2 2 history",  // 1.25 erlangs → 3 slots ÷ 2 chats each
            "16:00 call 20 180 1 2 history",  // 1 erlang → 2 operators, 80 % within 300 s
            "17:00 chat 3 600 2 1 history",   // 0.5 erlangs → 2 slots → 1 operator
            "17:00 call 0 180 1 0 history",   // calls close at 18:00; no calls in this hour
            "18:00 chat 0 351.4 2 0 history", // no chats at 18: handle time of all recent chats (29×300 + 6×600) / 35
            "19:00 chat 0 351.4 2 0 history",
            "20:00 chat 0 351.4 2 0 history",
        }));
        Assert.That(hours[0].Start, Is.EqualTo(At(Today, 16, 0)));
        Assert.That(hours[1].Target, Is.EqualTo(Call));
    }

    [Test]
    public async Task Queue102_WithoutHistory_FromTheLastHour()
    {
        var hours = (await ForecastAtAsync(At(Today, 16, 20)))["102"];

        Assert.That(hours.Select(Row), Is.EqualTo(new[]
        {
            "16:00 chat 4 240 3 1 lastHour",
            "17:00 chat 4 240 3 1 lastHour",
            "18:00 chat 4 240 3 1 lastHour",
            "19:00 chat 4 240 3 1 lastHour",
            "20:00 chat 4 240 3 1 lastHour",
        }));
    }

    [TestCase(20, 30, new[] { "20:00 chat" })]           // calls closed since 18:00
    [TestCase(21, 0, new string[0])]                      // closed for the day
    [TestCase(8, 0, new[] { "09:00 chat", "09:00 call" })] // before opening: from the first open hour
    public async Task OnlyTheRemainingOpenHours(int hour, int minute, string[] expected)
    {
        var hours = (await ForecastAtAsync(At(Today, hour, minute)))["101"];

        Assert.That(hours.Select(h => $"{h.Hour:HH:mm} {h.Channel}").Take(2), Is.EqualTo(expected));
    }

    [Test]
    public async Task NothingOnAClosedDay()
    {
        var saturday = new LocalDate(2026, 11, 28);
        var forecast = await ForecastAtAsync(At(saturday, 12, 0));

        Assert.That(forecast["101"], Is.Empty);
        Assert.That(forecast["102"], Is.Empty);
    }
}
