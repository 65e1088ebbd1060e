using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>
/// Base of the browser tests: the real GosChat server (embedded store unless a test asks for Redis) and pages in
/// fresh browser contexts, all watched by a <see cref="PageGuard"/> that fails the test on any dialog, page
/// error or console error.
/// </summary>
public abstract class BrowserTest
{
    private readonly List<IBrowserContext> _contexts = [];
    private RedisServer? _redis;

    protected GosChatServer Server { get; private set; } = null!;
    protected PageGuard Guard { get; private set; } = null!;

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [SetUp]
    public void NewGuard() => Guard = new PageGuard();

    [TearDown]
    public async Task CloseAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        _contexts.Clear();
        if (Server is not null) await Server.DisposeAsync();
        Server = null!;
        _redis?.Dispose();
        _redis = null;
    }

    protected async Task StartServerAsync(IDictionary<string, string?>? settings = null, FakeClock? clock = null, bool redis = false)
    {
        if (redis) _redis = RedisServer.Start();
        Server = await GosChatServer.StartAsync(_redis?.ConnectionString, settings, clock);
    }

    protected string Url(string path) => Server.Url(path).ToString();

    /// <summary>A page in its own context (own storage), watched by the guard; a Russian browser unless <paramref name="locale"/> says otherwise.</summary>
    protected async Task<IPage> NewPageAsync(string name, int width = 1280, int height = 800, string locale = "ru-RU")
    {
        var context = await Browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Europe/Moscow",
        });
        context.SetDefaultTimeout(30_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        Guard.Watch(page, name);
        return page;
    }

    protected async Task<WidgetPage> OpenWidgetAsync(string name = "widget", int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(name, width, height);
        await page.GotoAsync(Url("/"));
        return new WidgetPage(page);
    }

    protected async Task<ConsolePage> OpenConsoleAsync(string login = "op101", string name = "console", int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(name, width, height);
        await page.GotoAsync(Url("/console"));
        var console = new ConsolePage(page);
        await console.SignInAsync(login);
        return console;
    }
}
