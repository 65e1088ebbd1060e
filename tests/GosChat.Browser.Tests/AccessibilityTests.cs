using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Browser.Tests;

/// <summary>
/// axe-core's WCAG 2.1 A/AA rules on every page in the states people see them in: no serious or critical
/// violation anywhere. Each state's findings (minor ones too) are printed in the test output.
/// </summary>
[TestFixture]
[Category("Accessibility")]
public sealed class AccessibilityTests : BrowserTest
{
    private static StartSessionRequest Request(string queue, string text) => new(queue, text, null, null, null, null, null, null);

    [Test]
    public async Task Widget_Closed_OpenOnTheForm_AndInAChat_HaveNoSeriousViolations()
    {
        await StartServerAsync();
        var report = new AxeReport();
        await using var op = await Server.OperatorAsync("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");

        var widget = await OpenWidgetAsync();
        await Expect(widget.T("goschat-launcher-status")).Not.ToBeEmptyAsync();
        await report.CheckAsync(widget.Page, "demo page, widget closed");

        await widget.OpenAsync();
        await Expect(widget.T("goschat-prechat-status")).Not.ToBeEmptyAsync();
        await report.CheckAsync(widget.Page, "widget open on the form");

        await widget.StartAsync("Не приходит СМС-код при входе", name: "Иван");
        var offer = await offers.WaitAsync();
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", offer.SessionId, "Здравствуйте! Проверьте номер телефона в профиле.", "op-1");
        await Expect(widget.Message("operator", "Проверьте номер телефона")).ToHaveCountAsync(1);
        await widget.SendAsync("Номер верный");
        await report.CheckAsync(widget.Page, "widget in an active chat");

        report.AssertNoSerious();
        Guard.AssertClean();
    }

    [Test]
    public async Task Console_SignedOut_SignedIn_WithAnOffer_AndWithAnOpenSession_HaveNoSeriousViolations()
    {
        await StartServerAsync();
        var report = new AxeReport();
        var page = await NewPageAsync("console");
        await page.GotoAsync(Url("/console"));
        var console = new ConsolePage(page);
        await Expect(console.T("login-form")).ToBeVisibleAsync();
        await report.CheckAsync(page, "console signed out");

        await console.SignInAsync("op101");
        await console.WaitConnectedAsync();
        await Expect(page.GetByTestId("console-queue-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
        await report.CheckAsync(page, "console signed in");

        await console.SetAvailableAsync();
        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("101", "Не могу войти в личный кабинет"));
        await Expect(console.Offers).ToHaveCountAsync(1);
        await report.CheckAsync(page, "console with an offer");

        await console.AcceptOfferAsync();
        await console.ReplyAsync("Здравствуйте! Сейчас помогу.");
        await citizen.InvokeAsync<SendResult>("SendMessage", "Спасибо, жду", "c-1");
        await Expect(console.Message("citizen", "Спасибо, жду")).ToHaveCountAsync(1);
        await report.CheckAsync(page, "console with an open session");

        await console.T("staff-lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await report.CheckAsync(page, "console with an open session, in English");

        report.AssertNoSerious();
        Guard.AssertClean();
    }

    [Test]
    public async Task Supervisor_SignedOutAndIn_HasNoSeriousViolations()
    {
        await StartServerAsync();
        Guard.AllowMissing("/api/supervisor/jobs");
        await AnswerOneChatAsync();
        var report = new AxeReport();
        var page = await NewPageAsync("supervisor");
        await page.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(page);
        await Expect(supervisor.T("login-form")).ToBeVisibleAsync();
        await report.CheckAsync(page, "supervisor signed out");

        await supervisor.SignInAsync("supervisor");
        await Expect(supervisor.T("queue-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
        await Expect(supervisor.T("supervisor-charts").Locator("svg")).ToHaveCountAsync(3);
        await report.CheckAsync(page, "supervisor signed in");

        report.AssertNoSerious();
        Guard.AssertClean();
    }

    /// <summary>A chat started, answered and closed through the hubs, so the supervisor's charts have data.</summary>
    private async Task AnswerOneChatAsync()
    {
        await using var op = await Server.OperatorAsync("op103");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("103", "Как оплатить госпошлину?"));
        var offer = await offers.WaitAsync();
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", offer.SessionId, "Здравствуйте! В разделе «Платежи».", "op-1");
        await op.InvokeAsync("CloseSession", offer.SessionId, "Консультация дана");
    }
}
