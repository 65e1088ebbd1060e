using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>The citizen widget on a page, by its data-testid attributes (Playwright selectors pierce its shadow root).</summary>
public sealed partial class WidgetPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator T(string testId) => Page.GetByTestId(testId);

    public ILocator Messages => T("goschat-message");

    public ILocator Message(string from, string text) =>
        Page.Locator($"[data-testid=\"goschat-message\"][data-from=\"{from}\"]", new PageLocatorOptions { HasText = text });

    public async Task OpenAsync()
    {
        await T("goschat-launcher").ClickAsync();
        await Assertions.Expect(T("goschat-panel")).ToBeVisibleAsync();
    }

    /// <summary>Fills the pre-chat form and starts; returns the ticket number shown.</summary>
    public async Task<string> StartAsync(string text, string topic = "101", string? name = null)
    {
        await T("goschat-topic").SelectOptionAsync(topic);
        await T("goschat-text").FillAsync(text);
        if (name is not null) await T("goschat-name").FillAsync(name);
        await T("goschat-start").ClickAsync();
        await Assertions.Expect(T("goschat-ticket")).ToHaveTextAsync(TicketPattern());
        return TicketPattern().Match(await T("goschat-ticket").InnerTextAsync()).Value;
    }

    public async Task SendAsync(string text)
    {
        await T("goschat-input").FillAsync(text);
        await T("goschat-send").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=\"goschat-message\"][data-from=\"citizen\"][data-delivery=\"sent\"]",
            new PageLocatorOptions { HasText = text })).ToHaveCountAsync(1);
    }

    [GeneratedRegex(@"\d{9}")]
    public static partial Regex TicketPattern();
}
