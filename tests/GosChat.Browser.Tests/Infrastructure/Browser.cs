using Microsoft.Playwright;

namespace GosChat.Browser.Tests;

/// <summary>
/// One headless Debian Chromium for the whole assembly (never a downloaded browser). Each test opens its own
/// contexts, so storage and cookies never leak between tests.
/// </summary>
[SetUpFixture]
public sealed class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static IBrowser Instance => _browser ?? throw new InvalidOperationException("The browser is not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Inconclusive($"{ChromiumPath} is missing: apt-get install -y chromium");
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
