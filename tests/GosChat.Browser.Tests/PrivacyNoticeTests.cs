using GosChat.Browser.Tests.Infrastructure;

namespace GosChat.Browser.Tests;

/// <summary>The widget tells the citizen what is kept about them, for how long and under which law, before they fill in anything.</summary>
[TestFixture]
public sealed class PrivacyNoticeTests : BrowserTest
{
    [Test]
    public async Task Notice_StandsAboveThePreChatForm_InBothLanguages_WithTheSitesLink()
    {
        await using var site = HostSite.Start();
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:AllowedOrigins:0"] = site.Origin });
        var server = Server.BaseAddress.ToString().TrimEnd('/');
        site.Html = $$"""
            <!doctype html>
            <html lang="ru"><head><meta charset="utf-8"><title>Сайт ведомства</title></head>
            <body><p>Страница ведомства.</p>
            <script src="{{server}}/widget.js" data-goschat-server="{{server}}"
                    data-goschat-privacy-url="https://site.example/privacy"
                    data-goschat-privacy-text-ru="Согласие на обработку данных" data-goschat-privacy-text-en="Data processing consent"
                    data-goschat-retention-days="30" async></script>
            </body></html>
            """;
        var widget = new WidgetPage(await NewPageAsync("partner page"));
        await widget.Page.GotoAsync(site.Origin + "/help.html");
        await widget.OpenAsync();

        var notice = widget.T("goschat-privacy");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("152-ФЗ");
        await Expect(notice).ToContainTextAsync("30 дн.");
        var link = widget.T("goschat-privacy-link");
        await Expect(link).ToHaveTextAsync("Согласие на обработку данных");
        await Expect(link).ToHaveAttributeAsync("href", "https://site.example/privacy");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        var noticeBox = (await notice.BoundingBoxAsync())!;
        var topicBox = (await widget.T("goschat-topic").BoundingBoxAsync())!;
        Assert.That(noticeBox.Y + noticeBox.Height, Is.LessThanOrEqualTo(topicBox.Y), "the notice comes before the form's fields");

        await widget.T("goschat-lang").ClickAsync();
        await Expect(notice).ToContainTextAsync("152-FZ");
        await Expect(notice).ToContainTextAsync("for 30 days after the request is closed");
        await Expect(link).ToHaveTextAsync("Data processing consent");

        await widget.T("goschat-lang").ClickAsync();
        await widget.StartAsync("Не приходит СМС-код");
        await Expect(notice).ToBeHiddenAsync();
        Guard.AssertClean();
    }

    [Test]
    public async Task Notice_OnTheDemoPage_NeedsNoSettings()
    {
        await StartServerAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await Expect(widget.T("goschat-privacy")).ToContainTextAsync("152-ФЗ");
        await Expect(widget.T("goschat-privacy-link")).ToHaveCountAsync(0);
        Guard.AssertClean();
    }

    [Test]
    public async Task Notice_OnAShortScreen_StandsJustAboveTheStartButton()
    {
        await StartServerAsync();
        var widget = await OpenWidgetAsync("widget at 200 %", 640, 400);
        await widget.OpenAsync();
        await widget.T("goschat-start").ScrollIntoViewIfNeededAsync();
        var notice = (await widget.T("goschat-privacy").BoundingBoxAsync())!;
        var start = (await widget.T("goschat-start").BoundingBoxAsync())!;
        var phone = (await widget.T("goschat-phone").BoundingBoxAsync())!;
        Assert.That(notice.Y + notice.Height, Is.LessThanOrEqualTo(start.Y), "the notice is read before starting");
        Assert.That(notice.Y, Is.GreaterThanOrEqualTo(phone.Y + phone.Height), "after the fields, so they stay in view");
        await Expect(widget.T("goschat-privacy")).ToBeInViewportAsync();
        Guard.AssertClean();
    }
}
