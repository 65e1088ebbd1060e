using System.Security.Cryptography;
using System.Text;
using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Browser.Tests;

/// <summary>
/// The widget passes the user its host site signed on the script tag, and the console then shows that user's earlier
/// request; a visitor who only types the same phone number sees none of it.
/// </summary>
[TestFixture]
public sealed class CitizenHistoryTests : BrowserTest
{
    private const string Secret = "the partner site's secret for signing its users";

    [Test]
    public async Task Console_ShowsThePreviousRequest_OfTheSameSignedInUser_AndNoneForATypedPhone()
    {
        await using var site = HostSite.Start();
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:AllowedOrigins:0"] = site.Origin,
            ["GosChat:CitizenIdentity:Sites:0:Id"] = "partner",
            ["GosChat:CitizenIdentity:Sites:0:Origins:0"] = site.Origin,
            ["GosChat:CitizenIdentity:Sites:0:Secret"] = Secret,
        });
        var server = Server.BaseAddress.ToString().TrimEnd('/');
        var expires = Server.Clock.GetCurrentInstant().ToUnixTimeSeconds() + 4 * 3600;
        // What the partner's server renders for its signed-in user "user-42" (docs/widget.md).
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret),
            Encoding.UTF8.GetBytes($"goschat-user-v1\n{site.Origin}\nuser-42\n{expires}")));
        site.Html = $$"""
            <!doctype html>
            <html lang="ru"><head><meta charset="utf-8"><title>Личный кабинет партнёра</title></head>
            <body><p>Вы вошли как user-42.</p>
            <script src="{{server}}/widget.js" data-goschat-server="{{server}}" data-goschat-user="user-42"
                    data-goschat-user-expires="{{expires}}" data-goschat-user-signature="{{signature}}" async></script>
            </body></html>
            """;
        const string earlierText = "<b>Не могу войти</b> в личный кабинет";

        // An earlier request of the signed-in user, from the partner's page, answered and closed.
        string earlierTicket;
        await using (var op = await Server.OperatorAsync("op101"))
        {
            var offers = op.Inbox<OfferDto>("Offer");
            await op.InvokeAsync("SetPresence", "available");
            var first = new WidgetPage(await NewPageAsync("first visit"));
            await first.Page.GotoAsync(site.Origin + "/cabinet.html");
            await first.OpenAsync();
            earlierTicket = await first.StartAsync(earlierText);
            var offer = await offers.WaitAsync();
            await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
            await op.InvokeAsync<SendResult>("SendMessage", offer.SessionId, "Сбросьте пароль", "op-1");
            await op.InvokeAsync("CloseSession", offer.SessionId, "Пароль восстановлен");
            await Expect(first.T("goschat-closed")).ToBeVisibleAsync();
        }
        Server.Clock.AdvanceSeconds(3600);

        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();

        // A stranger on the demo page types the same phone: nothing of the user's is shown.
        await using (var stranger = await Server.CitizenAsync())
        {
            await stranger.InvokeAsync<SessionStartedDto>("StartSession",
                new StartSessionRequest("101", "Покажите историю", "ru", null, "Иван", "+7 (916) 555-12-34", null, null));
            await Expect(console.Offers).ToHaveCountAsync(1);
            await console.AcceptOfferAsync();
            await Expect(console.ActivePanel.GetByText("Предыдущие обращения (0)")).ToHaveCountAsync(1);
            await Expect(console.ActivePanel.GetByTestId("history-item")).ToHaveCountAsync(0);
            await console.CloseSessionAsync("—");
        }

        // The same signed-in user again, in another browser.
        var second = new WidgetPage(await NewPageAsync("second visit"));
        await second.Page.GotoAsync(site.Origin + "/cabinet.html");
        await second.OpenAsync();
        await second.StartAsync("Снова не могу войти");
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
