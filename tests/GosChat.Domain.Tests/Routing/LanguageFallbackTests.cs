using GosChat.Domain.Engine;
using GosChat.Domain.Messages;
using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

/// <summary>A chat in a language nobody on duty speaks falls back to the fallback language (ru) after the wait.</summary>
public class LanguageFallbackTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private static readonly Duration Wait = Duration.FromSeconds(60);

    private static Session Queued(string language, int queuedSecondsAgo, string queue = "101", bool seniorOnly = false) => new()
    {
        Id = "s1", Ticket = "300000001", Queue = queue, Language = language, State = SessionState.Queued, SeniorOnly = seniorOnly,
        QueuedAt = T0 - Duration.FromSeconds(queuedSecondsAgo),
    };

    private static OperatorState Op(string languages, Presence presence = Presence.Available, bool connected = true,
        string queue = "101", bool senior = false) => new()
    {
        Id = "op-" + languages, Name = "op", Queues = [queue], Languages = languages.Split(','), Presence = presence,
        Connections = connected ? ["c"] : [], Senior = senior,
    };

    [TestCase("tt", 60, "ru", true, TestName = "Tatar, nobody speaks it, the wait is over: falls back")]
    [TestCase("tt", 59, "ru", false, TestName = "Tatar, one second before the wait is over: waits")]
    [TestCase("ba", 300, "ru,en", true, TestName = "Bashkir, ru and en operators only: falls back")]
    [TestCase("tt", 300, "ru,tt", false, TestName = "a Tatar speaker is on duty: waits for them")]
    [TestCase("en", 300, "ru", true, TestName = "English, nobody speaks it: falls back")]
    [TestCase("ru", 300, "en", false, TestName = "already in the fallback language: never")]
    public void IsDue_AfterTheWait_WhenNobodyOnDutySpeaksTheLanguage(string language, int queuedSecondsAgo, string operatorLanguages, bool due) =>
        Assert.That(LanguageFallback.IsDue(Queued(language, queuedSecondsAgo), [Op(operatorLanguages)], T0, "ru", Wait), Is.EqualTo(due));

    [TestCase(Presence.Away, true, false, TestName = "a Tatar speaker away but connected is on duty: waits")]
    [TestCase(Presence.Offline, true, true, TestName = "a Tatar speaker offline is not on duty: falls back")]
    [TestCase(Presence.Available, false, true, TestName = "a Tatar speaker disconnected is not on duty: falls back")]
    public void OnDuty_MeansConnectedAndNotOffline(Presence presence, bool connected, bool due) =>
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300), [Op("tt", presence, connected)], T0, "ru", Wait), Is.EqualTo(due));

    [Test]
    public void ASpeakerOfAnotherQueue_DoesNotCount()
    {
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300, queue: "101"), [Op("tt", queue: "102")], T0, "ru", Wait), Is.True);
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300, seniorOnly: true), [Op("tt")], T0, "ru", Wait), Is.True);
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300, seniorOnly: true), [Op("tt", senior: true, queue: "104")], T0, "ru", Wait), Is.False);
    }

    [Test]
    public void OnlyQueuedSessions_NotYetFallenBack_AndOnlyWithAFallbackLanguage()
    {
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300) with { State = SessionState.Deferred }, [], T0, "ru", Wait), Is.False);
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300) with { State = SessionState.Offered }, [], T0, "ru", Wait), Is.False);
        Assert.That(LanguageFallback.IsDue(Queued("tt", 300) with { FallbackLanguage = "ru" }, [], T0, "ru", Wait), Is.False);
        var snapshot = Ports.RoutingSnapshot.Empty with { Waiting = [Queued("tt", 300)] };
        Assert.That(LanguageFallback.Due(snapshot, T0, null, Wait), Is.Empty);
        Assert.That(LanguageFallback.Due(snapshot, T0, "ru", Wait).Select(s => s.Id), Is.EqualTo(new[] { "s1" }));
    }

    [Test]
    public void FallenBackSession_CanBeServedByTheFallbackLanguage_SpeakersFirst_ThenInterpreters()
    {
        var session = Queued("tt", 300) with { FallbackLanguage = "ru" };
        Assert.That(Op("ru").CanServe(session), Is.True);
        Assert.That(Op("ru").CanServe(session with { FallbackLanguage = null }), Is.False);
        Assert.That(Op("en").CanServe(session), Is.False);

        var plain = Op("ru") with { Id = "plain", IdleSince = T0 - Duration.FromHours(1) };
        var interpreter = Op("ru") with { Id = "interpreter", Interpreter = true, IdleSince = T0 };
        var speaker = Op("tt") with { Id = "speaker", IdleSince = T0 + Duration.FromSeconds(1) };
        var snapshot = Ports.RoutingSnapshot.Empty with { Waiting = [session], Operators = [plain, interpreter, speaker] };
        Assert.That(Router.Plan(snapshot, T0 + Duration.FromSeconds(2)).Single().Operator.Id, Is.EqualTo("speaker"));
        snapshot = Ports.RoutingSnapshot.Empty with { Waiting = [session], Operators = [plain, interpreter] };
        Assert.That(Router.Plan(snapshot, T0 + Duration.FromSeconds(2)).Single().Operator.Id, Is.EqualTo("interpreter"));
    }

    [Test]
    public void InterpreterTier_DoesNotJumpAheadForSessionsInItsOwnLanguage()
    {
        var session = Queued("ru", 0);
        var plain = Op("ru") with { Id = "plain", IdleSince = T0 - Duration.FromHours(1) };
        var interpreter = Op("ru") with { Id = "interpreter", Interpreter = true, IdleSince = T0 };
        var snapshot = Ports.RoutingSnapshot.Empty with { Waiting = [session], Operators = [interpreter, plain] };
        Assert.That(Router.Plan(snapshot, T0 + Duration.FromSeconds(2)).Single().Operator.Id, Is.EqualTo("plain"));
    }

    [TestCase("tt", "татарча")]
    [TestCase("ba", "башҡортса")]
    [TestCase("en", "English")]
    [TestCase("ru", "русском")]
    public void TheCitizenIsTold_InTheirLanguage(string language, string word) =>
        Assert.That(SystemTexts.LanguageFallback(language, "ru"), Does.Contain(word));

    [Test]
    public async Task TatarChat_WithOnlyARussianOperator_IsOfferedToThemAfterTheWait_AndTheCitizenIsTold()
    {
        var t = new TestCentre();
        await t.OnlineAsync("ru-op", languages: ["ru"]);
        var session = await t.StartAsync(language: "tt");
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id), Is.Empty);

        t.Clock.AdvanceSeconds(59);
        await t.Dispatcher.SweepAsync();
        await t.SettleAsync();
        Assert.That(t.Events.OffersFor(session.Id), Is.Empty);

        t.Clock.AdvanceSeconds(1);
        await t.Dispatcher.SweepAsync();
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId), Is.EqualTo(new[] { "ru-op" }));
        Assert.That((await t.SessionAsync(session.Id)).FallbackLanguage, Is.EqualTo("ru"));
        var told = t.Events.Of<RecordingEvents.MessagePushed>().Where(m => m.Session.Id == session.Id && m.Message.From == Senders.System).ToList();
        Assert.That(told.Select(m => m.Message.Text), Is.EqualTo(new[] { SystemTexts.LanguageFallback("tt", "ru") }));
        var accepted = await t.AcceptPendingAsync("ru-op");
        Assert.That(accepted.State, Is.EqualTo(SessionState.Active));
    }

    [Test]
    public async Task WithoutAFallbackLanguage_TheChatKeepsWaiting()
    {
        var t = new TestCentre(new ContactCentreOptions { FallbackLanguage = null });
        await t.OnlineAsync("ru-op", languages: ["ru"]);
        var session = await t.StartAsync(language: "tt");

        t.Clock.AdvanceSeconds(600);
        await t.Dispatcher.SweepAsync();
        await t.SettleAsync();

        Assert.That(t.Events.OffersFor(session.Id), Is.Empty);
        Assert.That((await t.SessionAsync(session.Id)).FallbackLanguage, Is.Null);
    }
}
