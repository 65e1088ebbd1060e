using GosChat.Browser.Tests.Infrastructure;

namespace GosChat.Browser.Tests;

/// <summary>The widget embedded for a line (data-line, docs/lines.md) offers that line's topics and hours, and starts on its queue.</summary>
[TestFixture]
public sealed class LineWidgetTests : BrowserTest
{
    /// <summary>
    /// The server's demo page with its widget tag given <c>data-line</c> as the parser inserts it (before the async script
    /// runs): a host page that embeds the widget for a line, served from a real origin.
    /// </summary>
    private async Task<WidgetPage> OpenLineWidgetAsync(string line, string name)
    {
        var page = await NewPageAsync(name);
        await page.AddInitScriptAsync($$"""
            new MutationObserver((records, observer) => {
              const tag = document.querySelector('script[src*="widget.js"]');
              if (tag) { tag.setAttribute('data-line', '{{line}}'); observer.disconnect(); }
            }).observe(document, { childList: true, subtree: true });
            """);
        await page.GotoAsync(Url("/"));
        return new WidgetPage(page);
    }

    [Test]
    public async Task LegalLinesWidget_OffersTheLegalTopic_WithItsHours_AndStartsTheChatInQueue106()
    {
        // Monday 10:00 Moscow time on the test servers' clock.
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:Lines:legal:Numbers:0"] = "+7 (495) 123-45-06",
            ["GosChat:Lines:legal:Entry"] = "106",
            ["GosChat:Lines:hotline:Menu:102"] = "102",
            ["GosChat:Lines:hotline:Menu:103"] = "103",
        });
        var widget = await OpenLineWidgetAsync("legal", "legal-widget");
        await widget.OpenAsync();

        var topic = widget.T("goschat-topic");
        await Expect(topic.Locator("option")).ToHaveCountAsync(2);
        var values = await topic.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.That(values, Is.EqualTo(new[] { "106", "" }));
        await Expect(topic.Locator("option").First).ToHaveTextAsync("Юридическая консультация");
        await Expect(widget.T("goschat-schedule")).ToHaveTextAsync("Сегодня: чат 08:00–20:00, телефон 08:00–20:00 (время московское).");

        var ticket = await widget.StartAsync("Нужна консультация по договору", topic: "106");
        Assert.That(ticket, Does.Match("^3[0-9]{8}$"));
        var waiting = (await Server.Centre.Store.LoadSnapshotAsync()).Waiting;
        Assert.That(waiting.Select(s => s.Queue), Is.EqualTo(new[] { "106" }));

        // The general widget (no line) offers every queue, the legal one among them; another line only its own.
        var general = await OpenWidgetAsync("general-widget");
        await general.OpenAsync();
        await Expect(general.T("goschat-topic").Locator("option")).ToHaveCountAsync(6);
        var hotline = await OpenLineWidgetAsync("hotline", "hotline-widget");
        await hotline.OpenAsync();
        await Expect(hotline.T("goschat-topic").Locator("option")).ToHaveCountAsync(3);
        Guard.AssertClean();
    }
}
