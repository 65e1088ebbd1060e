using GosChat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests;

/// <summary>A citizen in one page and an operator in another talk through the real pages and the real server.</summary>
[TestFixture]
public sealed class ConversationTests : BrowserTest
{
    /// <summary>The smallest valid PNG: the signature and a 1×1 image.</summary>
    internal static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Test]
    public async Task WholeConversation_StartAcceptReplyAttachCloseRate_Embedded() => await WholeConversationAsync(redis: false);

    [Test]
    public async Task WholeConversation_StartAcceptReplyAttachCloseRate_OnRedis() => await WholeConversationAsync(redis: true);

    private async Task WholeConversationAsync(bool redis)
    {
        await StartServerAsync(redis: redis);
        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();

        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await Expect(widget.T("goschat-prechat-status")).Not.ToBeEmptyAsync();
        var ticket = await widget.StartAsync("Не приходит СМС-код при входе в личный кабинет", name: "Иван");
        Assert.That(ticket, Does.StartWith("3"), "a question's ticket starts with 3");

        // The operator is offered the chat, with its preview, and takes it; the queue table follows live.
        await Expect(operatorConsole.Offers).ToHaveCountAsync(1);
        var waiting101 = operatorConsole.Page.Locator("[data-testid=\"console-queue-row\"][data-queue=\"101\"] td").Nth(1);
        await Expect(waiting101).ToHaveTextAsync("1");
        await Expect(operatorConsole.Offers.First).ToContainTextAsync("Не приходит СМС-код");
        await Expect(operatorConsole.Offers.First.GetByTestId("offer-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"0:\d\d"));
        var sessionId = await operatorConsole.AcceptOfferAsync();
        await Expect(operatorConsole.ActivePanel.GetByTestId("console-ticket")).ToContainTextAsync(ticket);
        await Expect(operatorConsole.Message("citizen", "Не приходит СМС-код")).ToHaveCountAsync(1);
        await Expect(widget.T("goschat-operator-joined")).ToContainTextAsync("Анна");
        await Expect(waiting101).ToHaveTextAsync("0");

        // Both ways, live.
        await operatorConsole.ReplyAsync("Здравствуйте! Проверьте, пожалуйста, номер телефона в профиле.");
        await Expect(widget.Message("operator", "Проверьте, пожалуйста, номер телефона")).ToHaveCountAsync(1);
        await widget.SendAsync("Номер верный, код всё равно не приходит");
        await Expect(operatorConsole.Message("citizen", "код всё равно не приходит")).ToHaveCountAsync(1);

        // A screenshot from the citizen reaches the operator as a link.
        await widget.T("goschat-file").SetInputFilesAsync(new FilePayload { Name = "ошибка.png", MimeType = "image/png", Buffer = TinyPng });
        await Expect(widget.T("goschat-attachment")).ToContainTextAsync("ошибка.png");
        var citizenHref = await widget.T("goschat-attachment").GetAttributeAsync("href");
        Assert.That(citizenHref, Does.Not.Contain("?"), "the link on the page carries no token");
        // A click asks the server for a short-lived signed link and downloads through it.
        var citizenDownload = await widget.Page.RunAndWaitForDownloadAsync(() => widget.T("goschat-attachment").ClickAsync());
        Assert.That(citizenDownload.Url, Does.Contain("expires=").And.Contain("sig=").And.Not.Contain("resumeToken"));
        Assert.That(citizenDownload.SuggestedFilename, Is.EqualTo("ошибка.png"));
        Assert.That(await File.ReadAllBytesAsync((await citizenDownload.PathAsync())!), Is.EqualTo(TinyPng));
        var stranger = await widget.Page.APIRequest.GetAsync(citizenHref!);
        Assert.That(stranger.Status, Is.EqualTo(401), "without a signed link, a token or a sign-in there is no download");
        await Expect(operatorConsole.ActivePanel.Locator("a.st-attachment")).ToContainTextAsync("ошибка.png");
        var href = await operatorConsole.ActivePanel.Locator("a.st-attachment").GetAttributeAsync("href");
        Assert.That(href, Does.Contain("/api/attachments/"));
        var download = await operatorConsole.Page.APIRequest.GetAsync(href!);
        Assert.That(download.Status, Is.EqualTo(200), "the operator's sign-in cookie opens the attachment");
        Assert.That(await download.BodyAsync(), Is.EqualTo(TinyPng));
        Assert.That(download.Headers["x-content-type-options"], Is.EqualTo("nosniff"));

        // The operator closes; the citizen sees it and rates.
        await operatorConsole.CloseSessionAsync("Код пришёл после смены номера");
        await Expect(widget.T("goschat-closed")).ToBeVisibleAsync();
        await widget.T("goschat-rate-5").ClickAsync();
        await widget.T("goschat-rate-comment").FillAsync("Спасибо, быстро помогли");
        await widget.T("goschat-rate-submit").ClickAsync();
        await Expect(widget.T("goschat-rate-thanks")).ToBeVisibleAsync();

        var session = await Server.Centre.Store.GetSessionAsync(sessionId);
        Assert.That(session!.Rating, Is.EqualTo(5));
        Assert.That(session.Resolution, Is.EqualTo("Код пришёл после смены номера"));
        var messages = await Server.Centre.Messages.GetAsync(sessionId);
        Assert.That(messages.Select(m => m.ClientMessageId).Where(id => id is not null), Is.Unique, "nothing was stored twice");
        Guard.AssertClean();
    }

    [Test]
    public async Task Supervisor_SeesLiveQueueFigures_AndTheAnsweredChat()
    {
        await StartServerAsync();
        Guard.AllowMissing("/api/supervisor/jobs");
        var supervisorPage = await NewPageAsync("supervisor");
        await supervisorPage.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(supervisorPage);
        await supervisor.SignInAsync("supervisor");
        await Expect(supervisor.T("queue-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);

        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Как оплатить госпошлину?", topic: "103");
        var waiting = supervisorPage.Locator("[data-testid=\"queue-row\"][data-queue=\"103\"] [data-col=\"waiting\"]");
        await Expect(waiting).ToHaveTextAsync("1");

        var operatorConsole = await OpenConsoleAsync("op103");
        await operatorConsole.SetAvailableAsync();
        await operatorConsole.AcceptOfferAsync();
        await operatorConsole.ReplyAsync("Здравствуйте! Оплатить можно в разделе «Платежи».");
        await Expect(waiting).ToHaveTextAsync("0");
        await Expect(supervisorPage.Locator("[data-testid=\"operator-row\"][data-operator-id=\"op103\"]")).ToContainTextAsync("1 / 3");
        await Expect(supervisor.T("supervisor-charts").Locator("svg")).ToHaveCountAsync(3);
        Guard.AssertClean();
    }
}
