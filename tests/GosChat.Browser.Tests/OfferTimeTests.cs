using System.Text.RegularExpressions;
using GosChat.Browser.Tests.Infrastructure;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Browser.Tests;

/// <summary>
/// The offer's time limit in the console (WCAG 2.2.1, 4.1.3): the countdown is silent for screen readers, a new
/// offer is announced once, and the operator can ask for more time from the keyboard, which the server honours.
/// </summary>
[TestFixture]
[Category("Accessibility")]
public sealed class OfferTimeTests : BrowserTest
{
    [Test]
    public async Task Countdown_IsNotALiveRegion_AndANewOfferIsAnnouncedOnce()
    {
        await StartServerAsync(new Dictionary<string, string?> { ["GosChat:OfferTimeout"] = "00:01:00" });
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        var announcer = console.T("offers-announcer");
        // Every text the announcer (a polite status region) is given, in order.
        await console.Page.EvaluateAsync("""
            () => {
              window.__announced = [];
              const el = document.querySelector('[data-testid="offers-announcer"]');
              new MutationObserver(() => window.__announced.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
            }
            """);
        await using var citizen = await Server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Не приходит СМС-код", null, null, null, null, null, null));

        await Expect(console.Offers).ToHaveCountAsync(1);
        var countdown = console.Offers.First.GetByTestId("offer-countdown");
        await Expect(countdown).ToHaveAttributeAsync("role", "timer");
        var liveAncestors = await countdown.EvaluateAsync<int>("""
            (el) => { let n = 0; for (let e = el; e; e = e.parentElement) if (e.getAttribute('aria-live') && e.getAttribute('aria-live') !== 'off') n++; return n; }
            """);
        Assert.That(liveAncestors, Is.Zero, "the countdown must not sit inside a live region");
        await Expect(announcer).ToHaveAttributeAsync("role", "status");
        await Expect(announcer).ToContainTextAsync(started.Ticket);

        // Let the countdown tick a few times; the announcement is not repeated.
        var first = await countdown.InnerTextAsync();
        await Expect(countdown).Not.ToHaveTextAsync(first);
        var second = await countdown.InnerTextAsync();
        await Expect(countdown).Not.ToHaveTextAsync(second);
        var announced = await console.Page.EvaluateAsync<string[]>("() => window.__announced");
        Assert.That(announced, Has.Length.EqualTo(1), "announcements: " + string.Join(" | ", announced));
        Guard.AssertClean();
    }

    [Test]
    public async Task MoreTime_FromTheKeyboard_ExtendsTheOffer_OnceAndOnTheServer()
    {
        await StartServerAsync(new Dictionary<string, string?>
        {
            ["GosChat:OfferTimeout"] = "00:00:30",
            ["GosChat:OfferExtension"] = "00:00:20",
            ["GosChat:OfferExtensionsAllowed"] = "1",
        });
        var console = await OpenConsoleAsync("op101");
        await console.SetAvailableAsync();
        await using var citizen = await Server.CitizenAsync();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Не приходит СМС-код", null, null, null, null, null, null));
        await Expect(console.Offers).ToHaveCountAsync(1);
        var offer = console.Offers.First;
        var offerId = (await offer.GetAttributeAsync("data-offer-id"))!;
        await Expect(offer.GetByTestId("offer-countdown")).ToHaveTextAsync(CountdownUnder(31));

        await offer.GetByTestId("offer-extend").FocusAsync();
        await console.Page.Keyboard.PressAsync("Enter");

        // 30 s + 20 s from the offer: the countdown shows more than the first 30 s could.
        await Expect(offer.GetByTestId("offer-countdown")).ToHaveTextAsync(CountdownOver(30));
        await Expect(offer.GetByTestId("offer-extend")).ToBeHiddenAsync();
        await Expect(offer.GetByTestId("offer-accept")).ToBeFocusedAsync();
        await Expect(console.T("offers-announcer")).Not.ToBeEmptyAsync();
        var stored = await Server.Centre.Store.GetOfferAsync(offerId);
        Assert.That(stored!.ExtensionsLeft, Is.Zero);

        // Past the first 30 s the offer is still the operator's, and it can be accepted.
        Server.Clock.AdvanceSeconds(35);
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That(await Server.Centre.Store.GetOfferAsync(offerId), Is.Not.Null, "the server kept the extended offer");
        await console.AcceptOfferAsync();
        Guard.AssertClean();
    }

    /// <summary>"осталось m:ss" with at most <paramref name="seconds"/> seconds.</summary>
    private static Regex CountdownUnder(int seconds) => new($@"\b0:({string.Join("|", Enumerable.Range(0, seconds).Select(s => s.ToString("00")))})\b");

    /// <summary>"осталось m:ss" with more than <paramref name="seconds"/> (and under two minutes).</summary>
    private static Regex CountdownOver(int seconds) => new($@"\b(0:({string.Join("|", Enumerable.Range(seconds + 1, 59 - seconds).Select(s => s.ToString("00")))})|1:\d\d)\b");
}
