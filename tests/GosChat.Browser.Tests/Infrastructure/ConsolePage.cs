using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>The agent console (/console) by its data-testid attributes.</summary>
public sealed class ConsolePage
{
    private readonly List<string> _refusals = [];

    public ConsolePage(IPage page)
    {
        Page = page;
        // A refused hub connection (negotiate or handshake) is reported at once, not after a 30 s wait.
        page.Response += (_, response) =>
        {
            if (response.Status is 401 or 403 && response.Url.Contains("/hubs/", StringComparison.Ordinal))
                lock (_refusals) _refusals.Add($"{response.Request.Method} {new Uri(response.Url).AbsolutePath} answered {response.Status}");
        };
    }

    public IPage Page { get; }

    public ILocator T(string testId) => Page.GetByTestId(testId);

    public ILocator Offers => T("offer-item");

    public ILocator ActivePanel => Page.Locator("[data-testid=\"session-panel\"]:not([hidden])");

    public ILocator Message(string from, string text) =>
        ActivePanel.Locator($"[data-testid=\"console-message\"][data-from=\"{from}\"]", new LocatorLocatorOptions { HasText = text });

    /// <summary>Signs in through the form; a refused sign-in fails the test at once with the server's answer.</summary>
    public async Task SignInAsync(string login, string password = "demo")
    {
        await T("login-login").FillAsync(login);
        await T("login-password").FillAsync(password);
        var response = await Page.RunAndWaitForResponseAsync(() => T("login-submit").ClickAsync(),
            r => r.Url.Contains("/api/auth/login", StringComparison.Ordinal));
        if (!response.Ok)
            Assert.Fail($"Sign-in as {login} was refused: {response.Status} {await response.TextAsync()}");
        await Assertions.Expect(T("staff-user")).ToBeVisibleAsync();
    }

    /// <summary>Waits until the console's hub connection is up; a refused connection fails the test at once.</summary>
    public async Task WaitConnectedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            lock (_refusals)
                if (_refusals.Count > 0) Assert.Fail("The operator hub refused the console: " + string.Join("; ", _refusals));
            var state = await T("console-connection").GetAttributeAsync("class") ?? "";
            if (state.Contains("st-conn--connected", StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The console did not connect within 30 s (badge: {state}).");
            await Task.Delay(50);
        }
    }

    public async Task SetAvailableAsync()
    {
        await WaitConnectedAsync();
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
