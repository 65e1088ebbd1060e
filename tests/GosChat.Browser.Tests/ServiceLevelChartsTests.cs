using GosChat.Browser.Tests.Infrastructure;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Browser.Tests;

/// <summary>
/// The supervisor page reads the history as a service-level gauge per queue and bar/area charts per 5, 15 or 60 minutes,
/// with axes and legends, in Russian and English.
/// </summary>
[TestFixture]
public sealed class ServiceLevelChartsTests : BrowserTest
{
    [Test]
    public async Task Gauges_AndBucketCharts_ReadTheHistory()
    {
        await StartServerAsync();
        Guard.AllowMissing("/api/supervisor/jobs");
        // 10:00 Moscow (07:00 UTC). Queue 101: at 06:30 UTC 4 entered and were answered, 3 of 4 first replies in time;
        // at 06:40 2 more, both in time: 5 of 6 in the last hour → 83 %. Queue 102: 1 of 2 in time → 50 %, below 80 %.
        var stats = Server.Services.GetRequiredService<IStatisticsStore>();
        var now = Server.Clock.GetCurrentInstant();
        async Task Bucket(string queue, int minutesAgo, int count, int inTime) =>
            await stats.IncrementAsync(queue, StatsBuckets.Of(now - Duration.FromMinutes(minutesAgo)), new Dictionary<string, long>
            {
                [StatsCounters.Queued] = count, [StatsCounters.Answered] = count, [StatsCounters.FirstReplies] = count,
                [StatsCounters.FirstReplySeconds] = count * 60, [StatsCounters.FirstRepliesInTime] = inTime,
            });
        await Bucket("101", 30, 4, 3);
        await Bucket("101", 20, 2, 2);
        await Bucket("102", 10, 2, 1);

        var page = await NewPageAsync("supervisor");
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await supervisor.SignInAsync("supervisor");

        var g101 = page.Locator("[data-testid=sl-gauge][data-queue='101']");
        var g102 = page.Locator("[data-testid=sl-gauge][data-queue='102']");
        await Expect(g101).ToHaveAttributeAsync("data-level", "83");
        await Expect(g101).ToContainTextAsync("83 %");
        await Expect(g101.Locator("svg")).ToHaveAttributeAsync("aria-label", "Очередь 101: за последний час в норматив 83 %, цель 80 %");
        await Expect(g102).ToHaveAttributeAsync("data-level", "50");
        await Expect(g102).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("st-gauge--bad"));

        // 5-minute bars: one per bucket and series; waiting 4 and 2 in queue 101's buckets (all queues by default).
        var volume = supervisor.T("chart-volume");
        await Expect(volume.Locator("rect[data-value='4']")).ToHaveCountAsync(2, new() { Timeout = 10_000 }); // waiting and answered
        await Expect(volume.Locator("figcaption")).ToContainTextAsync("ожидают");
        await Expect(volume.Locator("figcaption")).ToContainTextAsync("за 5 мин");
        await Expect(supervisor.T("chart-sla")).ToHaveAttributeAsync("data-kind", "area");
        await Expect(supervisor.T("chart-sla").Locator(".st-chart-y span").First).ToHaveTextAsync("100");

        // 60 minutes: 06:00–07:00 UTC holds 4 + 2 + 2 = 8 entered.
        await supervisor.T("chart-bucket").SelectOptionAsync("60");
        await Expect(volume.Locator("figcaption")).ToContainTextAsync("за 60 мин");
        await Expect(volume.Locator("rect[data-value='8']")).ToHaveCountAsync(2);
        await Expect(supervisor.T("chart-table-rows").Locator("tr")).ToHaveCountAsync(await volume.Locator("rect").CountAsync() / 2);
        Guard.AssertClean();
    }
}
