using GosChat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests;

/// <summary>The console's short-lived access token: renewed with the refresh token, and the console keeps working.</summary>
[TestFixture]
public sealed class TokenRefreshTests : BrowserTest
{
    private static Task<string?> StoredAsync(IPage page, string field) =>
        page.EvaluateAsync<string?>($"() => (JSON.parse(sessionStorage.getItem('goschat:v1:staff-auth') || 'null') || {{}}).{field} ?? null");

    [Test]
    public async Task Console_KeepsWorking_AfterItsAccessTokenExpired_ByRefreshingIt()
    {
        await StartServerAsync();
        var operatorConsole = await OpenConsoleAsync("op102");
        await operatorConsole.SetAvailableAsync();
        var firstRefresh = await StoredAsync(operatorConsole.Page, "refreshToken");
        var firstAccess = await StoredAsync(operatorConsole.Page, "accessToken");
        Assert.That(firstRefresh, Is.Not.Null.And.Not.Empty);

        // 16 minutes on the server's clock: the access token (15 min) is dead there, the sign-in (12 h) is not.
        // The page's own clock did not move, so the first request it makes with the old token is refused (401,
        // which the browser logs), renewed with the refresh token and repeated.
        Guard.AllowMissing("/api/console/config");
        Server.Clock.AdvanceSeconds(16 * 60);
        var refreshed = operatorConsole.Page.WaitForResponseAsync(r => r.Url.Contains("/api/auth/refresh", StringComparison.Ordinal));
        await operatorConsole.Page.ReloadAsync();
        Assert.That((await refreshed).Status, Is.EqualTo(200));

        await operatorConsole.WaitConnectedAsync();
        await Expect(operatorConsole.T("staff-user")).ToBeVisibleAsync();
        Assert.That(await StoredAsync(operatorConsole.Page, "refreshToken"), Is.Not.EqualTo(firstRefresh), "rotated");
        Assert.That(await StoredAsync(operatorConsole.Page, "accessToken"), Is.Not.EqualTo(firstAccess));

        // The hub connection made with the new token serves a conversation.
        await Expect(operatorConsole.T("presence-select")).ToHaveValueAsync("available");
        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        await widget.StartAsync("Справка не приходит", topic: "102");
        await operatorConsole.AcceptOfferAsync();
        await operatorConsole.ReplyAsync("Проверяю вашу заявку");
        await Expect(widget.Message("operator", "Проверяю вашу заявку")).ToHaveCountAsync(1);
        Guard.AssertClean();
    }
}
