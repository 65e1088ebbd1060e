using GosChat.Browser.Tests.Infrastructure;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

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
        var console = await OpenConsoleAsync("op102");
        await console.SetAvailableAsync();

        var page = await NewPageAsync("supervisor");
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await supervisor.SignInAsync("supervisor");

        var q102 = page.Locator("[data-testid=forecast-row][data-queue='102']");
        await Expect(q102.GetByTestId("forecast-needed")).ToHaveTextAsync("7");
        await Expect(q102.GetByTestId("forecast-present")).ToHaveTextAsync("1");
        await Expect(q102).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-row--short"));
        await Expect(q102.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", "Нужно 7, на смене 1");
        await Expect(supervisor.T("forecast-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
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
}
