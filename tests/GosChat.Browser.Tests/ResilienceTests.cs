using System.Text.RegularExpressions;
using GosChat.Browser.Tests.Infrastructure;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Browser.Tests;

/// <summary>Reloads, out-of-hours messages and offers that run out, through the real pages.</summary>
[TestFixture]
public sealed class ResilienceTests : BrowserTest
{
    [Test]
    public async Task ReloadMidChat_ResumesTheSession_WithoutLossOrDuplicates()
    {
        await StartServerAsync();
        var operatorConsole = await OpenConsoleAsync("op102");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        var ticket = await widget.StartAsync("Ошибка при отправке заявления на справку", topic: "102");
        await operatorConsole.AcceptOfferAsync();
        await operatorConsole.ReplyAsync("Какой текст у ошибки?");
        await widget.SendAsync("Пишет «сервис временно недоступен»");

        await widget.Page.ReloadAsync();
        await widget.OpenAsync();

        await Expect(widget.T("goschat-ticket")).ToContainTextAsync(ticket);
        await Expect(widget.Message("citizen", "Ошибка при отправке заявления")).ToHaveCountAsync(1);
        await Expect(widget.Message("operator", "Какой текст у ошибки?")).ToHaveCountAsync(1);
        await Expect(widget.Message("citizen", "сервис временно недоступен")).ToHaveCountAsync(1);

        // The conversation goes on after the reload, both ways, still without duplicates.
        await widget.SendAsync("После перезагрузки страницы");
        await Expect(operatorConsole.Message("citizen", "После перезагрузки страницы")).ToHaveCountAsync(1);
        await operatorConsole.ReplyAsync("Вижу, спасибо");
        await Expect(widget.Message("operator", "Вижу, спасибо")).ToHaveCountAsync(1);
        var ids = await widget.Page.Locator("[data-testid=\"goschat-message\"]").EvaluateAllAsync<string[]>(
            "els => els.map(e => e.dataset.messageId || '')");
        Assert.That(ids.Where(id => id.Length > 0), Is.Unique);
        Assert.That(ids, Has.Length.EqualTo(5), "description, reply, message, then a message and a reply after the reload; nothing else");
        Guard.AssertClean();
    }

    [Test]
    public async Task ConsoleReload_KeepsTheOperatorsSessionsAndPresence()
    {
        await StartServerAsync();
        var operatorConsole = await OpenConsoleAsync("op103");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Платёж списан, но статус не изменился", topic: "103");
        var sessionId = await operatorConsole.AcceptOfferAsync();
        await operatorConsole.ReplyAsync("Назовите, пожалуйста, дату платежа");

        await operatorConsole.Page.ReloadAsync();

        await Expect(operatorConsole.T("session-tab")).ToHaveCountAsync(1);
        await Expect(operatorConsole.ActivePanel).ToHaveAttributeAsync("data-session-id", sessionId);
        await Expect(operatorConsole.Message("citizen", "Платёж списан")).ToHaveCountAsync(1);
        await Expect(operatorConsole.Message("operator", "дату платежа")).ToHaveCountAsync(1);
        await Expect(operatorConsole.T("presence-select")).ToHaveValueAsync("available");
        await widget.SendAsync("Вчера, 22 ноября");
        await Expect(operatorConsole.Message("citizen", "22 ноября")).ToHaveCountAsync(1);
        Guard.AssertClean();
    }

    [Test]
    public async Task OutOfHours_TakesADeferredMessage_AnsweredWhenTheQueueOpens()
    {
        // Sunday 22 November 2026, 10:00 Moscow: chat is closed on weekends.
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 22, 7, 0));
        await StartServerAsync(clock: clock);
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await Expect(widget.T("goschat-next-opening")).ToBeVisibleAsync();

        await widget.StartAsync("Не могу войти в личный кабинет, учётная запись заблокирована");
        await Expect(widget.T("goschat-deferred")).ToBeVisibleAsync();
        await widget.SendAsync("Телефон для связи тот же, что в профиле");

        // Monday 08:00 Moscow: the queue opens, the kept session is offered with its whole history.
        clock.Reset(Instant.FromUtc(2026, 11, 23, 5, 0));
        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();
        await operatorConsole.AcceptOfferAsync();
        await Expect(operatorConsole.Message("citizen", "учётная запись заблокирована")).ToHaveCountAsync(1);
        await Expect(operatorConsole.Message("citizen", "Телефон для связи тот же")).ToHaveCountAsync(1);
        await operatorConsole.ReplyAsync("Доброе утро! Разблокируем учётную запись.");
        await Expect(widget.Message("operator", "Разблокируем учётную запись")).ToHaveCountAsync(1);
        Guard.AssertClean();
    }

    [Test]
    public async Task Offer_NotAcceptedInTime_DisappearsFromTheConsole()
    {
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:00:30" });
        var operatorConsole = await OpenConsoleAsync("op104");
        await operatorConsole.SetAvailableAsync();
        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<GosChat.Server.Hubs.SessionStartedDto>("StartSession",
            new GosChat.Server.Hubs.StartSessionRequest("104", "Предложение по улучшению сайта", null, null, null, null, null, null));

        await Expect(operatorConsole.Offers).ToHaveCountAsync(1);
        // The countdown runs on the server's clock: 30 s at most, not the browser's idea of the date.
        await Expect(operatorConsole.Offers.First.GetByTestId("offer-countdown")).ToHaveTextAsync(new Regex(@"\b0:[0-3]\d\b"));
        // Another operator of the queue is on duty, so the expired offer moves on to them (a lone operator would be
        // offered the chat again at once: docs/architecture.md, "Dispatch").
        await using var other = await Server.OperatorAsync("senior");
        await other.InvokeAsync("SetPresence", "available");

        Server.Clock.AdvanceSeconds(31);

        await Expect(operatorConsole.Offers).ToHaveCountAsync(0);
        await Expect(operatorConsole.T("session-tab")).ToHaveCountAsync(0);
        Guard.AssertClean();
    }
}
