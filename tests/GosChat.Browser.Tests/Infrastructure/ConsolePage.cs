using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>The agent console (/console) by its data-testid attributes.</summary>
public sealed class ConsolePage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator T(string testId) => Page.GetByTestId(testId);

    public ILocator Offers => T("offer-item");

    public ILocator ActivePanel => Page.Locator("[data-testid=\"session-panel\"]:not([hidden])");

    public ILocator Message(string from, string text) =>
        ActivePanel.Locator($"[data-testid=\"console-message\"][data-from=\"{from}\"]", new LocatorLocatorOptions { HasText = text });

    public async Task SignInAsync(string login, string password = "demo")
    {
        await T("login-login").FillAsync(login);
        await T("login-password").FillAsync(password);
        await T("login-submit").ClickAsync();
        await Assertions.Expect(T("staff-user")).ToBeVisibleAsync();
    }

    public async Task SetAvailableAsync()
    {
        await Assertions.Expect(T("console-connection")).ToHaveAttributeAsync("class", new System.Text.RegularExpressions.Regex("st-conn--connected"));
        await T("presence-select").SelectOptionAsync("available");
    }

    /// <summary>Accepts the one offer shown and returns the session id of the tab it opens.</summary>
    public async Task<string> AcceptOfferAsync()
    {
        await Assertions.Expect(Offers).ToHaveCountAsync(1);
        await Offers.First.GetByTestId("offer-accept").ClickAsync();
        await Assertions.Expect(ActivePanel).ToHaveCountAsync(1);
        return (await ActivePanel.GetAttributeAsync("data-session-id"))!;
    }

    public async Task ReplyAsync(string text)
    {
        await ActivePanel.GetByTestId("console-input").FillAsync(text);
        await ActivePanel.GetByTestId("console-send").ClickAsync();
        await Assertions.Expect(ActivePanel.Locator("[data-testid=\"console-message\"][data-from=\"operator\"][data-delivery=\"sent\"]",
            new LocatorLocatorOptions { HasText = text })).ToHaveCountAsync(1);
    }

    public async Task CloseSessionAsync(string resolution)
    {
        await ActivePanel.GetByTestId("close-resolution").FillAsync(resolution);
        await ActivePanel.GetByTestId("close-session").ClickAsync();
        await Assertions.Expect(ActivePanel.GetByTestId("remove-tab")).ToBeVisibleAsync();
    }
}
