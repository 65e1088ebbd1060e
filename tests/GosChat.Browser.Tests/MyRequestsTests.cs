using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Requests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using GosChat.TestSupport.SignalR;

namespace GosChat.Browser.Tests;

/// <summary>
/// A chat turned into a request is found again in the widget's "My requests" after a reload: the ticket and code came
/// with RequestOpened and were kept by this browser; the status and the operator's answer are read from the server.
/// </summary>
[TestFixture]
public sealed class MyRequestsTests : BrowserTest
{
    [Test]
    public async Task ACitizen_FindsTheRequestOfTheirChat_InMyRequests_WithItsStatusAndAnswer()
    {
        await StartServerAsync();
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        var ticket = await widget.StartAsync("Не пришёл ответ на заявление о смене паспорта", name: "Ольга");
        var sessionId = await console.AcceptOfferAsync();

        // The console has no request card yet: the operator opens the request through the operator hub.
        await using var op = await Server.OperatorAsync("op101");
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", sessionId, new OpenRequestDto("application", "standard", "проверить в ведомстве"));
        Assert.That(opened.Ticket, Is.EqualTo("1" + ticket[1..]));
        await console.CloseSessionAsync("Открыто обращение");

        await widget.T("goschat-requests-toggle").ClickAsync();
        await Expect(widget.T("goschat-requests")).ToBeVisibleAsync();
        await Expect(widget.T("goschat-request-item")).ToHaveTextAsync($"№ {opened.Ticket} · код {opened.AccessCode}");
        await widget.T("goschat-request-item").ClickAsync();
        await Expect(widget.T("goschat-request-status")).ToHaveTextAsync("Статус: принято");
        await Expect(widget.T("goschat-request-answers")).ToContainTextAsync("Ответов пока нет.");

        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "resolved");
        await op.InvokeAsync<RequestCardDto>("AddRequestNote", opened.Ticket, "внутренняя заметка");
        var error = Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "late"));
        Assert.That(error!.Message, Does.Contain("illegal_transition"));

        // Days later, after a reload: the browser still knows the request and reads what changed.
        await widget.Page.ReloadAsync();
        await widget.OpenAsync();
        await widget.T("goschat-requests-toggle").ClickAsync();
        await widget.T("goschat-request-item").ClickAsync();
        await Expect(widget.T("goschat-request-status")).ToHaveTextAsync("Статус: выполнено");
        await Expect(widget.T("goschat-request-detail")).Not.ToContainTextAsync("внутренняя заметка");

        // By ticket and code typed in, and a wrong code finds nothing.
        await widget.T("goschat-request-code").FillAsync("AAAAAAAAAAAAAAAA");
        await widget.T("goschat-request-open").ClickAsync();
        await Expect(widget.T("goschat-request-error")).ToHaveTextAsync("Обращение не найдено: проверьте номер и код доступа.");
        await Expect(widget.T("goschat-request-detail")).ToBeHiddenAsync();

        await widget.T("goschat-requests-toggle").ClickAsync();
        await Expect(widget.T("goschat-requests")).ToBeHiddenAsync();
    }

    [Test]
    public async Task ACitizen_ReadsTheAnswer_AsText_AndReplies()
    {
        await StartServerAsync(redis: true);
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Платёж не прошёл");
        var sessionId = await console.AcceptOfferAsync();
        await using var op = await Server.OperatorAsync("op101");
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", sessionId, new OpenRequestDto(null, null, null));
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Пришлите, пожалуйста, <b>квитанцию</b>.");

        await widget.T("goschat-requests-toggle").ClickAsync();
        await widget.T("goschat-request-item").ClickAsync();
        await Expect(widget.T("goschat-request-status")).ToHaveTextAsync("Статус: ждёт вашего ответа");
        await Expect(widget.T("goschat-request-answer")).ToContainTextAsync("Пришлите, пожалуйста, <b>квитанцию</b>.");

        var report = new AxeReport();
        await report.CheckAsync(widget.Page, "widget, My requests with an answer and the reply form");
        report.AssertNoSerious();

        // The citizen replies from the card; the operator sees the reply and the request is in progress again.
        var told = op.Inbox<RequestRepliedDto>("RequestReplied");
        await widget.T("goschat-request-reply-text").FillAsync("Квитанция № 4417 от 28.11");
        await widget.T("goschat-request-reply-send").ClickAsync();
        await Expect(widget.T("goschat-request-reply-note")).ToHaveTextAsync("Ответ отправлен, обращение снова в работе.");
        await Expect(widget.T("goschat-request-status")).ToHaveTextAsync("Статус: в работе");
        await Expect(widget.T("goschat-request-reply")).ToContainTextAsync("Квитанция № 4417 от 28.11");
        await Expect(widget.T("goschat-request-reply-form")).ToBeHiddenAsync();
        Assert.That((await told.WaitAsync()).Ticket, Is.EqualTo(opened.Ticket));
        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.That(card.Status, Is.EqualTo("inProgress"));
        Assert.That(card.Replies.Single().Text, Is.EqualTo("Квитанция № 4417 от 28.11"));

        // The operator's console finds the request by ticket and reads the reply on its card.
        await console.T("request-search-ticket").FillAsync(opened.Ticket);
        await console.T("request-search-open").ClickAsync();
        await Expect(console.T("request-card-ticket")).ToHaveTextAsync($"№ {opened.Ticket}");
        await Expect(console.T("request-card-state")).ToHaveTextAsync("в работе");
        await Expect(console.T("request-card-replies")).ToContainTextAsync("Квитанция № 4417 от 28.11");
        await console.T("request-card-text").FillAsync("Квитанцию получили, спасибо.");
        await console.T("request-card-answer").ClickAsync();
        await Expect(console.T("request-card-answers")).ToContainTextAsync("Квитанцию получили, спасибо.");

        // The supervisor page lists it among the requests in progress.
        Guard.AllowMissing("/api/supervisor/jobs");
        var page = await NewPageAsync("supervisor");
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await supervisor.SignInAsync("supervisor");
        await Expect(supervisor.T("request-row")).ToHaveCountAsync(1);
        await Expect(supervisor.T("request-row")).ToHaveAttributeAsync("data-ticket", opened.Ticket);
        await Expect(supervisor.T("requests-counts")).ToContainTextAsync("в работе: 1");
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Test]
    public async Task ACitizen_AttachesAFileToAReply_TheOperatorSeesItOnTheCard_AndAnswersWithAFile()
    {
        await StartServerAsync();
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Платёж не прошёл");
        var sessionId = await console.AcceptOfferAsync();
        await using var op = await Server.OperatorAsync("op101");
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", sessionId, new OpenRequestDto(null, null, null));
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Пришлите скан квитанции.");

        // The operator has the card open in the console; the citizen's reply brings the file onto it.
        await console.T("request-search-ticket").FillAsync(opened.Ticket);
        await console.T("request-search-open").ClickAsync();
        await Expect(console.T("request-card-state")).ToHaveTextAsync("ждёт гражданина");

        await widget.T("goschat-requests-toggle").ClickAsync();
        await widget.T("goschat-request-item").ClickAsync();
        await Expect(widget.T("goschat-request-reply-form")).ToBeVisibleAsync();
        await widget.T("goschat-request-reply-files").SetInputFilesAsync(new FilePayload { Name = "квитанция.png", MimeType = "image/png", Buffer = Png });
        await widget.T("goschat-request-reply-text").FillAsync("Скан во вложении");
        await widget.T("goschat-request-reply-send").ClickAsync();
        await Expect(widget.T("goschat-request-reply-note")).ToHaveTextAsync("Ответ отправлен, обращение снова в работе.");
        await Expect(widget.T("goschat-request-file")).ToContainTextAsync("квитанция.png");

        await Expect(console.T("request-card-state")).ToHaveTextAsync("в работе");
        await Expect(console.T("request-card-file")).ToContainTextAsync("квитанция.png");
        await Expect(console.T("request-card-file")).ToContainTextAsync("гражданин");
        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.T("request-card-file").ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("квитанция.png"));
        var saved = await download.PathAsync();
        Assert.That(await File.ReadAllBytesAsync(saved!), Is.EqualTo(Png));

        // The operator answers with a file of their own; the citizen finds it under the request and downloads it.
        await console.T("request-card-files").SetInputFilesAsync(new FilePayload { Name = "справка.png", MimeType = "image/png", Buffer = Png });
        await console.T("request-card-text").FillAsync("Справка во вложении.");
        await console.T("request-card-answer").ClickAsync();
        await Expect(console.T("request-card-answers")).ToContainTextAsync("Справка во вложении.");
        await Expect(console.T("request-card-file")).ToHaveCountAsync(2);

        await widget.T("goschat-request-open").ClickAsync();
        await Expect(widget.T("goschat-request-file")).ToHaveCountAsync(2);
        var fromOperator = widget.Page.Locator("[data-testid=goschat-request-file][data-from=operator]");
        await Expect(fromOperator).ToHaveTextAsync("справка.png · 70 Б · от оператора");
        var citizenDownload = await widget.Page.RunAndWaitForDownloadAsync(() => fromOperator.ClickAsync());
        Assert.That(citizenDownload.SuggestedFilename, Is.EqualTo("справка.png"));
    }

    [Test]
    public async Task ACitizen_RepliesInChat_AndTheOperatorWhoTakesTheChat_SeesTheRequestCardBesideIt()
    {
        await StartServerAsync(redis: true);
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Платёж не прошёл");
        var firstSession = await console.AcceptOfferAsync();
        await using var op = await Server.OperatorAsync("op101");
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", firstSession, new OpenRequestDto(null, null, null));
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Пришлите номер квитанции.");
        await console.CloseSessionAsync("Открыто обращение");
        await console.ActivePanel.GetByTestId("remove-tab").ClickAsync();
        await widget.T("goschat-new-chat").ClickAsync();

        await widget.T("goschat-requests-toggle").ClickAsync();
        await widget.T("goschat-request-item").ClickAsync();
        await Expect(widget.T("goschat-request-status")).ToHaveTextAsync("Статус: ждёт вашего ответа");
        await widget.T("goschat-request-chat").ClickAsync();
        await Expect(widget.T("goschat-requests")).ToBeHiddenAsync();

        var secondSession = await console.AcceptOfferAsync();
        Assert.That(secondSession, Is.Not.EqualTo(firstSession));
        await Expect(console.T("request-card-ticket")).ToHaveTextAsync($"№ {opened.Ticket}");
        await Expect(console.T("request-card-news")).ToHaveTextAsync($"Гражданин пишет по обращению {opened.Ticket}.");
        await Expect(console.T("request-card-state")).ToHaveTextAsync("в работе");
        await Expect(console.T("request-card-sessions")).ToHaveTextAsync("2");
        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.That(card.SessionIds, Is.EqualTo(new[] { firstSession, secondSession }));
    }
}
