using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Browser.Tests;

/// <summary>
/// Language of the page and of its parts (WCAG 3.1.1, 3.1.2): the widget speaks the host page's language, and
/// Russian queue names and conversations inside an English interface say that they are Russian.
/// </summary>
[TestFixture]
[Category("Accessibility")]
public sealed class LanguageTests : BrowserTest
{
    [Test]
    public async Task Widget_TakesTheHostPagesLanguage_OverTheBrowsers_AndTheCitizenCanSwitch()
    {
        await using var site = HostSite.Start();
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:AllowedOrigins:0"] = site.Origin });
        var server = Server.BaseAddress.ToString().TrimEnd('/');
        site.Html = $$"""
            <!doctype html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>Partner site</title></head>
            <body><p>A partner's page in English.</p>
            <script src="{{server}}/widget.js" data-goschat-server="{{server}}" async></script>
            </body></html>
            """;

        // The demo page is Russian (<html lang="ru">); the browser is English.
        var demo = new WidgetPage(await NewPageAsync("demo page, English browser", locale: "en-US"));
        await demo.Page.GotoAsync(Url("/"));
        await Expect(demo.T("goschat-launcher")).ToContainTextAsync("Чат");

        // An English page in a Russian browser.
        var partner = new WidgetPage(await NewPageAsync("English page, Russian browser", locale: "ru-RU"));
        await partner.Page.GotoAsync(site.Origin + "/help.html");
        await Expect(partner.T("goschat-launcher")).ToContainTextAsync("Chat");
        await partner.OpenAsync();
        var root = partner.Page.Locator(".gc-root");
        await Expect(root).ToHaveAttributeAsync("lang", "en");
        await Expect(partner.T("goschat-lang")).ToHaveAttributeAsync("lang", "ru");

        await partner.T("goschat-lang").ClickAsync();
        await Expect(root).ToHaveAttributeAsync("lang", "ru");
        await Expect(partner.T("goschat-lang")).ToHaveAttributeAsync("lang", "en");
        await Expect(partner.T("goschat-start")).ToHaveTextAsync("Начать чат");
        Guard.AssertClean();
    }

    [Test]
    public async Task EnglishWidget_MarksTheRussianConversation()
    {
        await StartServerAsync();
        await using var op = await Server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.T("goschat-lang").ClickAsync();
        await Expect(widget.Page.Locator(".gc-root")).ToHaveAttributeAsync("lang", "en");
        await widget.T("goschat-language").SelectOptionAsync("ru");

        await widget.StartAsync("Не приходит СМС-код");
        var offer = await offers.WaitAsync();
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", offer.SessionId, "Здравствуйте! Сейчас проверю.", "op-1");

        var reply = widget.Message("operator", "Сейчас проверю").GetByTestId("goschat-message-text");
        await Expect(reply).ToHaveAttributeAsync("lang", "ru");
        await Expect(widget.Message("citizen", "Не приходит СМС-код").GetByTestId("goschat-message-text")).ToHaveAttributeAsync("lang", "ru");
        Guard.AssertClean();
    }

    [Test]
    public async Task EnglishConsole_MarksRussianQueueNames_OfferPreviews_AndMessages()
    {
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:10:00" });
        var console = await OpenConsoleAsync("op101");
        await console.T("staff-lang").ClickAsync();
        await Expect(console.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(console.T("staff-lang")).ToHaveAttributeAsync("lang", "ru");
        await console.SetAvailableAsync();

        var queue101 = console.Page.Locator("[data-testid=\"console-queue-row\"][data-queue=\"101\"] th [lang=\"ru\"]");
        await Expect(queue101).ToContainTextAsync("Техническая поддержка");

        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Не приходит СМС-код", "ru", null, null, null, null, null));
        await Expect(console.Offers.First.Locator(".st-offer-preview")).ToHaveAttributeAsync("lang", "ru");
        await console.AcceptOfferAsync();
        await Expect(console.Message("citizen", "Не приходит СМС-код").Locator(".st-msg-text")).ToHaveAttributeAsync("lang", "ru");
        await Expect(console.ActivePanel.GetByTestId("console-input")).ToHaveAttributeAsync("lang", "ru");
        await Expect(console.ActivePanel.Locator("[data-testid=\"transfer-select\"] option[value=\"102\"]")).ToHaveAttributeAsync("lang", "ru");
        Guard.AssertClean();
    }
}
