using GosChat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests;

/// <summary>Hostile input and hostile host pages: nothing executes, nothing breaks.</summary>
[TestFixture]
public sealed class SecurityTests : BrowserTest
{
    private static readonly string[] Payloads =
    [
        "<img src=x onerror=alert(1)>",
        "<img src=/x onerror=\"window.__pwned=1\">",
        "javascript:alert(1)",
        "<a href=\"javascript:alert(1)\">нажмите</a>",
        "<script>alert(1)</script>",
        "<svg onload=alert(1)>",
    ];

    [Test]
    public async Task XssPayloads_InNamesAndMessages_AreShownAsText_InBothPages()
    {
        await StartServerAsync();
        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync(Payloads[0], name: "<img src=x onerror=alert(1)>");
        await operatorConsole.AcceptOfferAsync();

        foreach (var payload in Payloads[1..])
        {
            await widget.SendAsync(payload);
            await Expect(operatorConsole.Message("citizen", payload)).ToHaveCountAsync(1);
            await operatorConsole.ReplyAsync(payload);
            await Expect(widget.Message("operator", payload)).ToHaveCountAsync(1);
        }

        // The operator's header shows the citizen's name as text.
        await Expect(operatorConsole.ActivePanel).ToContainTextAsync("<img src=x onerror=alert(1)>");
        foreach (var page in new[] { widget.Page, operatorConsole.Page })
        {
            Assert.That(await page.Locator("[data-testid=\"goschat-messages\"] :is(img, script, svg, a), [data-testid=\"console-messages\"] :is(img, script, svg, a)").CountAsync(),
                Is.Zero, "no element was made from message text");
            Assert.That(await page.Locator("a[href^=\"javascript:\" i]").CountAsync(), Is.Zero);
            Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === 1"), Is.False);
        }
        Guard.AssertClean();
    }

    [Test]
    public async Task Widget_EmbeddedCrossOrigin_InAHostPageWithHostileCss_StillWorks()
    {
        await using var site = HostSite.Start();
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:AllowedOrigins:0"] = site.Origin });
        var server = Server.BaseAddress.ToString().TrimEnd('/');
        site.Html = $$"""
            <!doctype html>
            <html lang="ru"><head><meta charset="utf-8"><title>Чужой сайт</title>
            <style>
              * { all: unset !important; font-size: 1px !important; line-height: 0 !important; }
              html, body { display: block !important; }
              div, button, input, select, textarea, form { display: none !important; visibility: hidden !important; opacity: 0 !important; }
              #goschat-widget-host { display: none !important; }
              body * { transform: scale(0.1) rotate(45deg) !important; pointer-events: none !important; }
            </style></head>
            <body><p>Страница сайта-партнёра с агрессивными стилями.</p>
            <script src="{{server}}/widget.js" data-goschat-server="{{server}}" async></script>
            </body></html>
            """;
        var page = await NewPageAsync("host page", 1280, 800);
        await page.GotoAsync(site.Origin + "/help.html");
        var widget = new WidgetPage(page);

        var launcher = widget.T("goschat-launcher");
        await Expect(launcher).ToBeVisibleAsync();
        var box = await launcher.BoundingBoxAsync();
        Assert.That(box!.Width, Is.GreaterThan(40), "the launcher keeps its own size");
        Assert.That(await launcher.EvaluateAsync<string>("e => getComputedStyle(e).fontSize"), Is.Not.EqualTo("1px"));

        await widget.OpenAsync();
        var panel = await widget.T("goschat-panel").BoundingBoxAsync();
        Assert.That(panel!.Width, Is.GreaterThan(300));
        var ticket = await widget.StartAsync("Не проходит оплата штрафа", topic: "103");
        Assert.That(ticket, Has.Length.EqualTo(9));
        await widget.SendAsync("Сообщение со стороннего сайта");
        Guard.AssertClean();
    }
}
