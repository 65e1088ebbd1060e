using GosChat.Browser.Tests.Infrastructure;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace GosChat.Browser.Tests;

/// <summary>
/// Two nodes on one real Redis, each reaching it through a gate the test can close: the widget on node A, the console
/// on node B. A message published while the other node is cut off Redis never reaches it live; when that node's
/// backplane subscription is back it sends <c>Resync</c>, and the page fetches the message and shows it, without a
/// reload and once.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BackplaneGapTests : BrowserTest
{
    private static readonly TimeSpan Reconnects = TimeSpan.FromSeconds(60);
    private static readonly LocatorAssertionsToHaveCountOptions AfterResync = new() { Timeout = 30_000 };

    [Test]
    public async Task MessagesPublishedDuringABackplaneGap_AppearAfterResync_InTheWidgetAndTheConsole()
    {
        using var redis = RedisServer.Start();
        using var gateA = new TcpGate(redis.Port);
        using var gateB = new TcpGate(redis.Port);
        var clock = new FakeClock(GosChatServer.MondayMorning);
        await using var a = await GosChatServer.StartAsync(gateA.RedisConnectionString, clock: clock);
        await using var b = await GosChatServer.StartAsync(gateB.RedisConnectionString, clock: clock);

        var consolePage = await NewPageAsync("console on node B");
        var consoleResyncs = CountResyncs(consolePage);
        await consolePage.GotoAsync(b.Url("/console").ToString());
        var console = new ConsolePage(consolePage);
        await console.SignInAsync("op101");
        await console.SetAvailableAsync();
        var widgetPage = await NewPageAsync("widget on node A");
        var widgetResyncs = CountResyncs(widgetPage);
        await widgetPage.GotoAsync(a.Url("/").ToString());
        var widget = new WidgetPage(widgetPage);
        await widget.OpenAsync();
        await widget.StartAsync("Не могу войти в личный кабинет", topic: "101");
        await console.AcceptOfferAsync();
        await console.ReplyAsync("Здравствуйте! Что пишет портал?");
        await Expect(widget.Message("operator", "Что пишет портал?")).ToHaveCountAsync(1);

        // Node B is cut off: the citizen's message is stored and published by node A, and node B hears nothing of it.
        await CutOffAsync(gateB, b);
        await widget.SendAsync("Пишет «неверный код», хотя код верный");
        await ReconnectAsync(gateB, b);
        await Expect(console.Message("citizen", "неверный код")).ToHaveCountAsync(1, AfterResync);
        Assert.That(consoleResyncs(), Is.GreaterThanOrEqualTo(1), "the console was told to resync");

        // And the other way: node A is cut off while the operator answers through node B.
        await CutOffAsync(gateA, a);
        await console.ReplyAsync("Сбросьте пароль по ссылке «Забыли пароль?»");
        await ReconnectAsync(gateA, a);
        await Expect(widget.Message("operator", "Сбросьте пароль")).ToHaveCountAsync(1, AfterResync);
        Assert.That(widgetResyncs(), Is.GreaterThanOrEqualTo(1), "the widget was told to resync");

        // Nothing twice, and the talk goes on live.
        await Expect(widget.Messages).ToHaveCountAsync(4);
        await Expect(console.ActivePanel.GetByTestId("console-message")).ToHaveCountAsync(4);
        await widget.SendAsync("Получилось, спасибо!");
        await Expect(console.Message("citizen", "Получилось")).ToHaveCountAsync(1);
        Guard.AssertClean();
    }

    private static async Task CutOffAsync(TcpGate gate, GosChatServer node)
    {
        gate.Close();
        await Eventually.AssertAsync(() => !HasRedis(node), "the node notices it lost Redis");
    }

    private static async Task ReconnectAsync(TcpGate gate, GosChatServer node)
    {
        gate.Open();
        await Eventually.AssertAsync(() => HasRedis(node), "the node reconnects to Redis", Reconnects);
    }

    private static bool HasRedis(GosChatServer node) => node.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected;

    /// <summary>Counts the Resync events the page's hub connection receives.</summary>
    private static Func<int> CountResyncs(IPage page)
    {
        var count = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"target\":\"Resync\"", StringComparison.Ordinal) == true) Interlocked.Increment(ref count);
        };
        return () => Volatile.Read(ref count);
    }
}
