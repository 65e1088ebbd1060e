using System.Collections.Concurrent;
using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using NodaTime;

namespace GosChat.Browser.Tests;

/// <summary>
/// The pictures in docs/screenshots: the widget on a 360 px phone, the console and the supervisor view on a
/// desktop and on a 360 px phone, after a morning of real traffic. Always run (they check the pages render a
/// busy day); written into docs/screenshots only with GOSCHAT_SCREENSHOTS=1:
/// <c>GOSCHAT_SCREENSHOTS=1 dotnet test tests/GosChat.Browser.Tests --filter Category=Screenshots</c>.
/// </summary>
[TestFixture]
[Category("Screenshots")]
public sealed class ScreenshotTests : BrowserTest
{
    private static string OutputFolder()
    {
        var folder = Environment.GetEnvironmentVariable("GOSCHAT_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Test]
    public async Task Widget_Console_Supervisor()
    {
        // Monday 08:00 Moscow; traffic until about 10:30, then the pictures.
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 23, 5, 0));
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:10:00" }, clock);
        Guard.AllowMissing("/api/supervisor/jobs");
        await SimulateMorningAsync(clock, until: Instant.FromUtc(2026, 11, 23, 7, 30));
        var folder = OutputFolder();

        var operatorConsole = await OpenConsoleAsync("op101");
        await operatorConsole.SetAvailableAsync();
        var widget = await OpenWidgetAsync("widget 360", 360, 740);
        await widget.OpenAsync();
        await widget.StartAsync("Не приходит СМС-код для входа в личный кабинет", name: "Мария");
        await operatorConsole.AcceptOfferAsync();
        await operatorConsole.ReplyAsync("Здравствуйте, Мария! Проверьте, пожалуйста, номер телефона в профиле: на него приходит код.");
        await widget.SendAsync("Номер правильный, код не приходит уже второй день");
        await operatorConsole.ReplyAsync("Понимаю. Отправляю запрос на повторную отправку кода, это займёт пару минут.");
        await Expect(widget.Message("operator", "повторную отправку")).ToHaveCountAsync(1);

        // A second citizen waits in the same queue: the console shows the offer with its countdown.
        await using var waiting = await Server.CitizenAsync();
        await waiting.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Учётная запись заблокирована после трёх попыток входа", null, null, null, null, null, null));
        await Expect(operatorConsole.Offers).ToHaveCountAsync(1);

        await widget.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "widget-360.png"), Animations = ScreenshotAnimations.Disabled });
        await operatorConsole.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "console.png") });
        // The same console on a 360 px phone: one column, nothing wider than the screen.
        await operatorConsole.Page.SetViewportSizeAsync(360, 740);
        await operatorConsole.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "console-360.png"), FullPage = true });

        var supervisorPage = await NewPageAsync("supervisor", 1280, 900);
        await supervisorPage.GotoAsync(Url("/supervisor"));
        await new ConsolePage(supervisorPage).SignInAsync("supervisor");
        await Expect(supervisorPage.GetByTestId("queue-row")).ToHaveCountAsync(GosChat.Domain.Queues.QueueCatalog.Ids.Count);
        await Expect(supervisorPage.GetByTestId("supervisor-charts").Locator("svg")).ToHaveCountAsync(3);
        await Expect(supervisorPage.Locator("[data-testid=\"operator-row\"][data-operator-id=\"op101\"]")).ToContainTextAsync("1 / 3");
        await Expect(supervisorPage.GetByTestId("forecast-hours-row").First).ToBeVisibleAsync();
        await Expect(supervisorPage.GetByTestId("rating-comment").First).ToBeVisibleAsync();
        await supervisorPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "supervisor.png"), FullPage = true });
        await supervisorPage.SetViewportSizeAsync(360, 740);
        await supervisorPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "supervisor-360.png"), FullPage = true });

        foreach (var name in new[] { "widget-360.png", "console.png", "console-360.png", "supervisor.png", "supervisor-360.png" })
            Assert.That(new FileInfo(Path.Combine(folder, name)).Length, Is.GreaterThan(10_000), name);
        Guard.AssertClean();
    }

    /// <summary>
    /// Citizens and operators (hub clients) through the morning: each session waits, is answered, replied to and
    /// closed, with the fake clock moving on, so the statistics have hours of history.
    /// </summary>
    private async Task SimulateMorningAsync(FakeClock clock, Instant until)
    {
        var random = new Random(7);
        var offers = new ConcurrentDictionary<string, OfferDto>();
        var operators = new Dictionary<string, HubConnection>();
        try
        {
            foreach (var queue in new[] { "101", "102", "103", "104" })
            {
                var op = await Server.OperatorAsync("op" + queue);
                op.On<OfferDto>("Offer", o => offers[o.Queue] = o);
                await op.InvokeAsync("SetPresence", "available");
                operators[queue] = op;
            }
            var texts = new Dictionary<string, string>
            {
                ["101"] = "Не могу войти в личный кабинет", ["102"] = "Ошибка при подаче заявления",
                ["103"] = "Не прошёл платёж", ["104"] = "Предложение по работе сайта",
            };
            string[] comments =
            [
                "Ждал ответа слишком долго", "Ответили не на все вопросы", "Нормально, но пришлось объяснять дважды",
                "Быстро и по делу", "Спасибо, всё решили за пару минут",
            ];
            while (clock.GetCurrentInstant() < until)
            {
                var queue = (random.Next(10)) switch { < 4 => "101", < 6 => "102", < 9 => "103", _ => "104" };
                await using var citizen = await Server.CitizenAsync();
                await citizen.InvokeAsync<SessionStartedDto>("StartSession",
                    new StartSessionRequest(queue, texts[queue], null, null, null, null, null, null));
                await Eventually.AssertAsync(() => offers.ContainsKey(queue), "an offer in " + queue);
                offers.TryRemove(queue, out var offer);
                clock.AdvanceSeconds(random.Next(15, 200));
                var op = operators[queue];
                var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer!.OfferId);
                clock.AdvanceSeconds(random.Next(10, 120));
                await op.InvokeAsync<SendResult>("SendMessage", snapshot.SessionId, "Здравствуйте! Сейчас помогу.", Guid.NewGuid().ToString("N"));
                clock.AdvanceSeconds(random.Next(60, 240));
                await op.InvokeAsync("CloseSession", snapshot.SessionId, "Консультация дана");
                // Most citizens rate; some leave a comment (the page lists them for the period).
                var score = random.Next(1, 6);
                var comment = random.Next(3) == 0 ? comments[score - 1] : null;
                await citizen.InvokeAsync("Rate", score, comment);
            }
        }
        finally
        {
            foreach (var op in operators.Values) await op.DisposeAsync();
        }
    }
}
