using GosChat.Browser.Tests.Infrastructure;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Ports;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Browser.Tests;

/// <summary>The supervisor page lists missed deadlines as they are announced, each once even when announced again.</summary>
[TestFixture]
public sealed class BreachAlertTests : BrowserTest
{
    [Test]
    public async Task SupervisorPage_ShowsAMissedDeadlineOnce_EvenWhenTheServerAnnouncesItAgain()
    {
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:Deadlines:ChatFirstReply"] = "00:00:05" });
        Guard.AllowMissing("/api/supervisor/jobs");
        var supervisorPage = await NewPageAsync("supervisor");
        await supervisorPage.GotoAsync(Url("/supervisor"));
        var supervisor = new ConsolePage(supervisorPage);
        await supervisor.SignInAsync("supervisor");
        await Expect(supervisor.T("supervisor-no-alerts")).ToBeVisibleAsync();

        var widget = await OpenWidgetAsync();
        await widget.OpenAsync();
        var ticket = await widget.StartAsync("Не могу войти в личный кабинет");
        await Server.AdvanceSecondsAsync(6);

        var rows = supervisor.T("alert-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(ticket);
        await Expect(supervisor.T("supervisor-no-alerts")).ToBeHiddenAsync();

        // The same breach announced a second time, as a retry after a node failure would: still one row.
        var sessionId = await rows.First.GetAttributeAsync("data-session-id");
        var session = await Server.Services.GetRequiredService<IRoutingStore>().GetSessionAsync(sessionId!);
        await Server.Services.GetRequiredService<IDeadlineNotifier>().BreachedAsync(session!, session!.Breaches.Single());
        await Server.Services.GetRequiredService<IDeadlineNotifier>().BreachedAsync(session, session.Breaches.Single());
        // A later breach, pushed on the same connection after the repeats, shows they were received and dropped.
        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("102", "Где моя справка?", null, null, null, null, null, null));
        await Server.AdvanceSecondsAsync(6);
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(1)).ToContainTextAsync(ticket);
        await Expect(supervisor.T("supervisor-alert-news")).Not.ToBeEmptyAsync();
        Guard.AssertClean();
    }
}
