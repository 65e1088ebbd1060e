using GosChat.Browser.Tests.Infrastructure;
using GosChat.Domain.Calls;
using GosChat.TestSupport.Server;

namespace GosChat.Browser.Tests;

/// <summary>Chat to voice through the real pages: the console's button, the widget's phone prompt, the call asked for.</summary>
[TestFixture]
public sealed class ChatToVoiceTests : BrowserTest
{
    [Test]
    public async Task OperatorAsksToCall_CitizenGivesANumberInTheWidget_AndTheCallIsAskedFor()
    {
        // A webhook URL nobody answers: the request is queued for delivery (and retried); this test looks at the session.
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:Ivr:Webhook:Url"] = "http://127.0.0.1:9/hook",
            ["GosChat:Ivr:Webhook:Secret"] = "a-secret-of-the-platform",
            ["GosChat:Ivr:Webhook:AllowInsecureHttp"] = "true",
        });
        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Не могу войти, позвоните мне");
        var sessionId = await operatorConsole.AcceptOfferAsync();
        await Expect(widget.T("call-prompt")).ToBeHiddenAsync();

        await operatorConsole.ActivePanel.GetByTestId("request-call").ClickAsync();
        await Expect(operatorConsole.ActivePanel.GetByTestId("console-session-status")).ToContainTextAsync("подтвердить номер");
        await Expect(widget.T("call-prompt")).ToBeVisibleAsync();
        await Expect(widget.T("call-prompt")).ToContainTextAsync("Укажите номер телефона");

        await widget.T("call-phone").FillAsync("8 926 111-22-33");
        await widget.T("call-confirm").ClickAsync();
        await Expect(widget.T("call-status")).ToContainTextAsync("Сейчас вам позвонят");
        await Expect(widget.T("call-phone")).ToHaveValueAsync("");
        await Expect(operatorConsole.Message("system", "Сейчас мы позвоним вам")).ToHaveCountAsync(1);

        var session = await Server.Centre.Store.GetSessionAsync(sessionId);
        Assert.That(session!.Voice!.State, Is.EqualTo(VoiceCallStates.Requested));
        Assert.That(session.Phone, Is.EqualTo("8 926 111-22-33"));
        Assert.That(session.OperatorId, Is.EqualTo("op101"));
    }

    [Test]
    public async Task TheConsoleShowsTheCall_RingingConnectedEndedWithItsDuration_AndATransferMeanwhileIsRefused()
    {
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:Ivr:ApiKeys:0"] = "browser-test-key",
            ["GosChat:Ivr:Webhook:Url"] = "http://127.0.0.1:9/hook",
            ["GosChat:Ivr:Webhook:Secret"] = "a-secret-of-the-platform",
            ["GosChat:Ivr:Webhook:AllowInsecureHttp"] = "true",
        });
        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Не могу войти, позвоните мне");
        var sessionId = await operatorConsole.AcceptOfferAsync();
        var indicator = operatorConsole.ActivePanel.GetByTestId("console-call-state");
        await Expect(indicator).ToBeHiddenAsync();

        await operatorConsole.ActivePanel.GetByTestId("request-call").ClickAsync();
        await Expect(indicator).ToHaveAttributeAsync("data-state", "awaitingPhone");
        await widget.T("call-phone").FillAsync("8 926 111-22-33");
        await widget.T("call-confirm").ClickAsync();
        await Expect(indicator).ToHaveAttributeAsync("data-state", "ringing");
        await Expect(indicator).ToHaveTextAsync("Звонок: вызов…");

        // The platform reports the call it placed: it joins the conversation.
        var callId = (await Server.Centre.Store.GetSessionAsync(sessionId))!.Voice!.CallId!;
        await PostIvrAsync("api/ivr/calls", new { callId, caller = "8 926 111-22-33", dialed = "" });
        await Expect(indicator).ToHaveAttributeAsync("data-state", "connected");
        await Expect(indicator).ToContainTextAsync("Звонок идёт");

        // A transfer while the call is on is refused, and says why; the conversation stays here.
        await operatorConsole.ActivePanel.GetByTestId("transfer-select").SelectOptionAsync("103");
        await operatorConsole.ActivePanel.GetByTestId("transfer-button").ClickAsync();
        await Expect(operatorConsole.Page.GetByTestId("staff-error")).ToContainTextAsync("call_in_progress");
        await Expect(operatorConsole.ActivePanel.GetByTestId("console-input")).ToBeVisibleAsync();

        await Server.AdvanceSecondsAsync(95);
        await PostIvrAsync($"api/ivr/calls/{callId}/events", new { type = "hangup" });
        await Expect(indicator).ToHaveAttributeAsync("data-state", "ended");
        await Expect(indicator).ToHaveTextAsync("Звонок завершён · 1:35");
        Guard.AssertClean();
    }

    private async Task PostIvrAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", "browser-test-key");
        using var response = await Server.Http.SendAsync(request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }
}
