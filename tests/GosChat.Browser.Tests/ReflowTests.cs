using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests;

/// <summary>
/// WCAG 1.4.10 reflow and 1.4.4 resize: the staff pages on a 320–360 px phone and at 200 % zoom never scroll
/// sideways (tables scroll inside their cards, and such a table can be scrolled from the keyboard); the widget
/// on a short screen shows several form fields at once. 200 % zoom of a 1280×800 window is a 640×400 CSS-pixel
/// viewport, which is what these tests use for it.
/// </summary>
[TestFixture]
[Category("Accessibility")]
public sealed class ReflowTests : BrowserTest
{
    private static StartSessionRequest Request(string queue, string text) => new(queue, text, null, null, null, null, null, null);

    [TestCase(320, 640)]
    [TestCase(360, 740)]
    [TestCase(640, 400)]
    public async Task Console_WithAnOpenSessionAndAnOffer_FitsTheWindowWidth(int width, int height)
    {
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:10:00" });
        var console = await OpenConsoleAsync("op101", "console", width, height);
        await console.SetAvailableAsync();
        await using var first = await Server.CitizenAsync();
        await first.InvokeAsync<SessionStartedDto>("StartSession", Request("101", "Не приходит СМС-код при входе в личный кабинет"));
        await console.AcceptOfferAsync();
        await console.ReplyAsync("Здравствуйте! Проверьте, пожалуйста, номер телефона в профиле.");
        await using var second = await Server.CitizenAsync();
        await second.InvokeAsync<SessionStartedDto>("StartSession", Request("101", "Учётная запись заблокирована"));
        await Expect(console.Offers).ToHaveCountAsync(1);

        await AssertFitsAsync(console.Page, width);
        foreach (var control in new[] { "console-send", "close-session", "transfer-button" })
            await AssertInsideAsync(console.ActivePanel.GetByTestId(control), width, control);
        await AssertInsideAsync(console.Offers.First.GetByTestId("offer-accept"), width, "offer-accept");
        Guard.AssertClean();
    }

    [TestCase(320, 640)]
    [TestCase(360, 740)]
    [TestCase(640, 400)]
    public async Task Supervisor_SignedIn_FitsTheWindowWidth(int width, int height)
    {
        await StartServerAsync();
        Guard.AllowMissing("/api/supervisor/jobs");
        await using (var op = await Server.OperatorAsync("op103"))
        {
            var offers = op.Inbox<OfferDto>("Offer");
            await op.InvokeAsync("SetPresence", "available");
            await using var citizen = await Server.CitizenAsync();
            await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("103", "Как оплатить госпошлину?"));
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync()).OfferId);
        }
        var page = await NewPageAsync("supervisor", width, height);
        await page.GotoAsync(Url("/supervisor"));
        await new ConsolePage(page).SignInAsync("supervisor");
        await Expect(page.GetByTestId("queue-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
        await Expect(page.GetByTestId("supervisor-charts").Locator("svg")).ToHaveCountAsync(3);

        await AssertFitsAsync(page, width);
        await page.GetByTestId("chart-data").Locator("summary").ClickAsync();
        await Expect(page.GetByTestId("chart-table")).ToBeVisibleAsync();
        await AssertFitsAsync(page, width);
        Guard.AssertClean();
    }

    [Test]
    public async Task Widget_OnAShortScreen_ShowsSeveralFormFieldsAtOnce()
    {
        await StartServerAsync();
        var widget = await OpenWidgetAsync("widget at 200 %", 640, 400);
        await widget.OpenAsync();
        await Expect(widget.T("goschat-prechat-status")).Not.ToBeEmptyAsync();

        var visible = 0;
        foreach (var field in new[] { "goschat-topic", "goschat-text", "goschat-kind", "goschat-language", "goschat-name", "goschat-phone" })
        {
            var box = await widget.T(field).BoundingBoxAsync();
            if (box is not null && box.Y >= 0 && box.Y + box.Height <= 400) visible++;
        }
        Assert.That(visible, Is.GreaterThanOrEqualTo(3), "form fields entirely on screen at 640×400 without scrolling");
        await AssertFitsAsync(widget.Page, 640);
        Guard.AssertClean();
    }

    /// <summary>No sideways scrolling of the page; every table that is wider than its card scrolls there and takes focus.</summary>
    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(scrollWidth, Is.LessThanOrEqualTo(width), $"the document is {scrollWidth} px wide in a {width} px window");
        // The boxes learn that they scroll from a ResizeObserver, a frame after the layout: poll briefly.
        string[] unreachable = [];
        await Eventually.TrueAsync(async () =>
        {
            unreachable = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.st-scroll')]
                  .filter((box) => box.checkVisibility() && box.scrollWidth > box.clientWidth + 1 && box.getAttribute('tabindex') !== '0')
                  .map((box) => box.firstElementChild ? box.firstElementChild.outerHTML.slice(0, 80) : 'empty box')
                """);
            return unreachable.Length == 0;
        }, TimeSpan.FromSeconds(5));
        Assert.That(unreachable, Is.Empty, "tables that scroll sideways but cannot take keyboard focus");
    }

    private static async Task AssertInsideAsync(ILocator locator, int width, string what)
    {
        var box = await locator.BoundingBoxAsync();
        Assert.That(box, Is.Not.Null, what + " is not shown");
        Assert.That(box!.X + box.Width, Is.LessThanOrEqualTo(width), what + " runs off the right edge");
    }
}
