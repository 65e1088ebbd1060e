using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Browser.Tests;

/// <summary>The console shows the citizen's earlier requests (matched by phone) in the session panel.</summary>
[TestFixture]
public sealed class CitizenHistoryTests : BrowserTest
{
    [Test]
    public async Task Console_ShowsThePreviousRequest_OfTheSameCitizen()
    {
        await StartServerAsync();
        const string earlierText = "<b>Не могу войти</b> в личный кабинет";

        // An earlier request of the citizen, answered and closed.
        string earlierTicket;
        await using (var op = await Server.OperatorAsync("op101"))
        await using (var first = await Server.CitizenAsync())
        {
            var offers = op.Inbox<OfferDto>("Offer");
            await op.InvokeAsync("SetPresence", "available");
            var earlier = await first.InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest("101", earlierText, "ru", null, "Иван", "+7 (916) 555-12-34", null, null));
            earlierTicket = earlier.Ticket;
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync()).OfferId);
            await op.InvokeAsync<SendResult>("SendMessage", earlier.SessionId, "Сбросьте пароль", "op-1");
            await op.InvokeAsync("CloseSession", earlier.SessionId, "Пароль восстановлен");
        }
        Server.Clock.AdvanceSeconds(3600);

        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        await using var second = await Server.CitizenAsync();
        await second.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Снова не могу войти", "ru", null, "Иван", "8 916 555 12 34", null, null));
        await Expect(console.Offers).ToHaveCountAsync(1);
        await console.AcceptOfferAsync();

        var items = console.ActivePanel.GetByTestId("history-item");
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.First).ToContainTextAsync(earlierTicket);
        await Expect(items.First).ToContainTextAsync("Пароль восстановлен");
        await Expect(items.First).ToContainTextAsync(earlierText);
        await Expect(items.First).ToContainTextAsync("Сбросьте пароль");
        Assert.That(await items.First.Locator("b").CountAsync(), Is.EqualTo(0), "messages are text, never markup");
        Guard.AssertClean();
    }
}
