using GosChat.Browser.Tests.Infrastructure;
using GosChat.Domain.Ports;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using GosChat.Domain.Statistics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Browser.Tests;

/// <summary>The supervisor page shows the staffing forecast (needed beside signed in, the gap marked) and the day's figures.</summary>
[TestFixture]
public sealed class ForecastPageTests : BrowserTest
{
    [Test]
    public async Task SupervisorPage_ShowsTheForecast_AndTheFigures_WithACsvLink()
    {
        await StartServerAsync();
        Guard.AllowMissing("/api/supervisor/jobs");
        // Queue 102 had 360 chats of 180 s in the last half hour: 18 erlangs, 7 operators of 3 chats for 80 % in 120 s.
        await Server.Services.GetRequiredService<IStatisticsStore>().IncrementAsync("102",
            StatsBuckets.Of(Server.Clock.GetCurrentInstant() - Duration.FromMinutes(30)), new Dictionary<string, long>
            {
                [StatsCounters.Queued] = 360, [StatsCounters.Handled] = 360, [StatsCounters.HandleSeconds] = 360 * 180,
            });
        // Queue 104 had 12 calls of 300 s (counted apart from chats): 1 erlang, 2 operators for 80 % within the 5-minute answer deadline.
        await Server.Services.GetRequiredService<IStatisticsStore>().IncrementAsync("104",
            StatsBuckets.Of(Server.Clock.GetCurrentInstant() - Duration.FromMinutes(30)), new Dictionary<string, long>
            {
                [StatsCounters.Queued] = 12, [StatsCounters.CallQueued] = 12, [StatsCounters.Handled] = 12, [StatsCounters.CallHandled] = 12,
                [StatsCounters.HandleSeconds] = 12 * 300, [StatsCounters.CallHandleSeconds] = 12 * 300,
            });
        var console = await OpenConsoleAsync("op102");
        await console.SetAvailableAsync();

        var page = await NewPageAsync("supervisor");
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await supervisor.SignInAsync("supervisor");

        var q102 = page.Locator("[data-testid=forecast-row][data-queue='102'][data-channel=chat]");
        await Expect(q102.GetByTestId("forecast-needed")).ToHaveTextAsync("7");
        await Expect(q102.GetByTestId("forecast-present")).ToHaveTextAsync("1");
        await Expect(q102).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-row--short"));
        await Expect(q102.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", "Нужно 7, на смене 1");
        await Expect(supervisor.T("forecast-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count + 1);
        var calls104 = page.Locator("[data-testid=forecast-row][data-queue='104'][data-channel=call]");
        await Expect(calls104.GetByTestId("forecast-needed")).ToHaveTextAsync("2");
        await Expect(calls104.Locator("th")).ToHaveTextAsync("104 · Звонки");
        await Expect(page.Locator("[data-testid=forecast-row][data-queue='104'][data-channel=chat]").GetByTestId("forecast-needed")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-testid=forecast-row][data-queue='103']").GetByTestId("forecast-needed")).ToHaveTextAsync("0");

        // The day's figures: a row per queue, both channels and the total; the CSV link follows the period.
        await Expect(page.Locator("[data-testid=figure-row][data-group=queue]")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
        await Expect(page.Locator("[data-testid=figure-row][data-group=total]")).ToHaveCountAsync(1);
        await supervisor.T("period-from").FillAsync("2026-11-20");
        await Expect(supervisor.T("figures-csv")).ToHaveAttributeAsync("href", "/api/stats?from=2026-11-20&format=csv");
        await supervisor.T("period-show").ClickAsync();
        await Expect(supervisor.T("figures-period")).ToContainTextAsync("2026-11-20");
        Guard.AssertClean();
    }

    /// <summary>
    /// A scripted Monday: three chats in 102 between 10:00 and 11:00 Moscow time, each held 20 minutes and rated (two with
    /// a comment); on Tuesday morning one chat in 101, rated with a comment, and nobody signed in. The hour-by-hour
    /// forecast reads Monday's 10:00 hour: 3 arrivals of 1200 s = 1 erlang, 3 slots for 80 % within 120 s, ÷ 3 chats per
    /// operator = 1 operator needed at 10:00 with nobody signed in; 0 needed at 09:00. The comments follow the period picker.
    /// </summary>
    [Test]
    public async Task SupervisorPage_ShowsTheForecastHourByHour_AndTheRatingComments_OfThePeriod()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 23, 7, 0)); // Monday 10:00 Moscow
        await StartServerAsync(clock: clock);
        Guard.AllowMissing("/api/supervisor/jobs");
        await ChatsAsync(clock, "102", (5, "Спасибо, всё объяснили"), (2, "Долго ждал ответа"), (4, null));
        clock.Reset(Instant.FromUtc(2026, 11, 24, 6, 30)); // Tuesday 09:30 Moscow
        await ChatsAsync(clock, "101", (3, "Сегодня ответили не на всё"));
        // Two citizens give up in 101 with nobody signed in: after 45 s and after 6 minutes.
        foreach (var seconds in new[] { 45, 360 })
        {
            await using var gaveUp = await Server.CitizenAsync();
            await gaveUp.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
            clock.AdvanceSeconds(seconds);
            await gaveUp.InvokeAsync("CloseSession");
        }

        var page = await NewPageAsync("supervisor", 1280, 900);
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await supervisor.SignInAsync("supervisor");

        var chat102 = page.Locator("[data-testid=forecast-hours-row][data-queue='102'][data-channel=chat]");
        var at10 = chat102.Locator("[data-hour='10:00']");
        await Expect(at10).ToHaveAttributeAsync("data-needed", "1");
        await Expect(at10).ToHaveAttributeAsync("data-present", "0");
        await Expect(at10).ToContainTextAsync("1 / 0");
        await Expect(at10.GetByTestId("forecast-hour-gap")).ToHaveTextAsync("−1");
        await Expect(at10.Locator(".st-sr")).ToHaveTextAsync("(не хватает 1)"); // the gap in words for screen readers
        await Expect(at10).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-cell--short"));
        await Expect(chat102.Locator("[data-hour='09:00']")).ToHaveAttributeAsync("data-needed", "0");
        await Expect(chat102.Locator("[data-testid=forecast-hour]")).ToHaveCountAsync(11); // 09:00 … 19:00, chat open 08–20
        await Expect(page.Locator("[data-testid=forecast-hours-row][data-queue='102'][data-channel=call]")).ToHaveCountAsync(0);

        // Today's figures for 101: gave up after a median of 0:45 and a p90 of 6:00, one in 30–60 s and one over 5 minutes.
        var figures101 = page.Locator("[data-testid=figure-row][data-group=queue][data-key='101']");
        await Expect(figures101.Locator("[data-col=abandoned]")).ToHaveTextAsync("2");
        await Expect(figures101.Locator("[data-col=abandonedAfter]")).ToHaveTextAsync("0:45 / 6:00 · 0 · 1 · 0 · 0 · 1");

        // Comments of today (the figures' default period): only Tuesday's, with its score, queue and day.
        var comments = page.GetByTestId("rating-comment");
        await Expect(comments).ToHaveCountAsync(1);
        await Expect(comments.First).ToContainTextAsync("3 из 5");
        await Expect(comments.First).ToHaveAttributeAsync("data-queue", "101");
        await Expect(comments.First).ToHaveAttributeAsync("data-day", "2026-11-24");

        // Monday and Tuesday: newest first; a score without a comment is not listed.
        await supervisor.T("period-from").FillAsync("2026-11-23");
        await supervisor.T("period-to").FillAsync("2026-11-24");
        await supervisor.T("period-show").ClickAsync();
        await Expect(comments).ToHaveCountAsync(3);
        await Expect(comments.Nth(0)).ToContainTextAsync("Сегодня ответили не на всё");
        await Expect(comments.Nth(1)).ToContainTextAsync("Долго ждал ответа");
        await Expect(comments.Nth(1)).ToHaveAttributeAsync("data-day", "2026-11-23");
        await Expect(comments.Nth(2)).ToContainTextAsync("Спасибо, всё объяснили");
        await Expect(comments.Nth(2)).ToContainTextAsync("5 из 5");

        // Only Monday: Tuesday's comment goes.
        await supervisor.T("period-to").FillAsync("2026-11-23");
        await supervisor.T("period-show").ClickAsync();
        await Expect(comments).ToHaveCountAsync(2);

        await supervisor.T("staff-lang").ClickAsync();
        await Expect(comments.Nth(1)).ToContainTextAsync("5 of 5");
        await Expect(at10.Locator(".st-sr")).ToHaveTextAsync("(short by 1)");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Rating comments" })).ToBeVisibleAsync();
        Guard.AssertClean();
    }

    /// <summary>One chat after another in <paramref name="queue"/>: answered at once, replied to, held 20 minutes, closed and rated; a minute apart.</summary>
    private async Task ChatsAsync(FakeClock clock, string queue, params (int Score, string? Comment)[] ratings)
    {
        await using var op = await Server.OperatorAsync("op" + queue);
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        foreach (var (score, comment) in ratings)
        {
            await using var citizen = await Server.CitizenAsync();
            var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest(queue, "Вопрос по заявлению", null, null, null, null, null, null));
            var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
            await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте! Сейчас помогу.", Guid.NewGuid().ToString("N"));
            clock.AdvanceSeconds(1200);
            await op.InvokeAsync("CloseSession", started.SessionId, "Консультация дана");
            await citizen.InvokeAsync("Rate", score, comment);
            clock.AdvanceSeconds(60);
        }
        await op.InvokeAsync("SetPresence", "offline");
    }
}
