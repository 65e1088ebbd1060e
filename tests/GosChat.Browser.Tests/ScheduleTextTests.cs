using GosChat.Browser.Tests.Infrastructure;

namespace GosChat.Browser.Tests;

/// <summary>The widget's schedule line shows the hours the server is configured with, per topic, in the citizen's language.</summary>
[TestFixture]
public sealed class ScheduleTextTests : BrowserTest
{
    [Test]
    public async Task ScheduleText_FollowsTheConfiguredHours_OfTheChosenTopic_InTheCitizensLanguage()
    {
        // Monday 10:00 Moscow time on the test servers' clock.
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:Queues:102:Schedule:Monday:0"] = "09:00-13:00",
            ["GosChat:Queues:102:Schedule:Monday:1"] = "14:00-19:00",
            ["GosChat:Queues:102:Phone:Schedule:Monday:0"] = "09:00-20:00",
            ["GosChat:Queues:102:Phone:Schedule:Saturday:0"] = "10:00-18:00",
            ["GosChat:Queues:103:Schedule:Monday:0"] = "00:00-24:00",
        });
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        var schedule = widget.T("goschat-schedule");

        await widget.T("goschat-topic").SelectOptionAsync("102");
        await Expect(schedule).ToHaveTextAsync("Сегодня: чат 09:00–13:00, 14:00–19:00, телефон 09:00–20:00 (время московское).");
        await Expect(schedule).Not.ToContainTextAsync("пн–пт");

        await widget.T("goschat-topic").SelectOptionAsync("101");
        await Expect(schedule).ToHaveTextAsync("Сегодня: чат 08:00–20:00, телефон 08:00–20:00 (время московское).");

        await widget.T("goschat-lang").ClickAsync();
        await Expect(schedule).ToHaveTextAsync("Today: chat 08:00–20:00, phone 08:00–20:00 (Moscow time).");
        await widget.T("goschat-topic").SelectOptionAsync("103");
        await Expect(schedule).ToHaveTextAsync("Today: chat 00:00–24:00, phone 00:00–24:00 (Moscow time).");
        Guard.AssertClean();
    }
}
