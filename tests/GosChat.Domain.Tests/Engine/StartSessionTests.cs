using System.Text.RegularExpressions;
using GosChat.Domain;
using GosChat.Domain.Engine;
using GosChat.Domain.Messages;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Engine;

public class StartSessionTests
{
    public static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData(new StartRequest { Topic = "105" }, "unknown_queue").SetName("Start_UnknownTopic_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Topic = "senior" }, "unknown_queue").SetName("Start_SeniorPseudoQueueAsTopic_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Topic = "" }, "unknown_queue").SetName("Start_EmptyTopic_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Language = "de" }, "unknown_language").SetName("Start_UnknownLanguage_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Language = "RU" }, "unknown_language").SetName("Start_LanguageInCapitals_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Kind = "request" }, "unknown_kind").SetName("Start_UnknownKind_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Text = new string('x', 4001) }, "text_too_long").SetName("Start_TextOver4000Characters_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Text = "help", Phone = "call me" }, "bad_phone").SetName("Start_BadPhone_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Text = "help", Phone = "1234" }, "bad_phone").SetName("Start_PhoneWithTooFewDigits_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Text = "help", Email = "ivan@mail" }, "bad_email").SetName("Start_BadEmail_IsBadRequest_AndStoresNothing");
        yield return new TestCaseData(new StartRequest { Name = new string('n', 101) }, "bad_name").SetName("Start_NameOver100Characters_IsBadRequest_AndStoresNothing");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task Start_WithBadInput_IsBadRequest_AndStoresNothing(StartRequest request, string code)
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var before = await t.Store.LoadSnapshotAsync();
        t.Events.Clear();

        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.StartAsync(request), code);

        await t.SettleAsync();
        var after = await t.Store.LoadSnapshotAsync();
        Assert.Multiple(() =>
        {
            Assert.That(after.Waiting, Is.Empty);
            Assert.That(after.Offers, Is.Empty);
            Assert.That(after.Operators.Select(o => o.Version), Is.EqualTo(before.Operators.Select(o => o.Version)));
            Assert.That(t.Events.Of<RecordingEvents.MessagePushed>(), Is.Empty);
            Assert.That(t.Events.Of<RecordingEvents.OfferMade>(), Is.Empty);
        });
        // The ticket sequence was not used either: the next good request gets the first number.
        var next = await t.Citizens.StartAsync(new StartRequest());
        Assert.That(next.Session.Ticket, Is.EqualTo("300000001"));
    }

    [TestCase("application", '1')]
    [TestCase("complaint", '2')]
    [TestCase("question", '3')]
    [TestCase(null, '3')]
    public async Task Ticket_IsNineDigits_StartingWithTheKindDigit(string? kind, char digit)
    {
        var t = new TestCentre();
        var session = await t.StartAsync(kind: kind);
        Assert.That(session.Ticket, Does.Match(@"^\d{9}$"));
        Assert.That(session.Ticket[0], Is.EqualTo(digit));
        Assert.That(Ticket.IsValid(session.Ticket), Is.True);
    }

    [Test]
    public async Task Tickets_AreUnique_AcrossKinds()
    {
        var t = new TestCentre();
        var kinds = new[] { "question", "complaint", "application" };
        var tickets = new List<string>();
        for (var i = 0; i < 30; i++) tickets.Add((await t.StartAsync(kind: kinds[i % 3])).Ticket);

        Assert.That(tickets, Is.Unique);
        Assert.That(tickets.Select(x => x[1..]), Is.Unique, "the 8-digit sequence never repeats, whatever the kind");
        Assert.That(tickets, Has.All.Match(new Regex(@"^[123]\d{8}$")));
    }

    [Test]
    public async Task Start_WithoutTopicOrText_GoesToQueue101()
    {
        var topics = new FixedTopicRouter("103");
        var t = new TestCentre(topics: topics);
        var session = await t.StartAsync(topic: null);
        Assert.That(session.Queue, Is.EqualTo("101"));
        Assert.That(topics.Asked, Is.Empty);
    }

    [Test]
    public async Task Start_WithTextButNoTopic_AsksTheTopicRouter()
    {
        var topics = new FixedTopicRouter("103");
        var t = new TestCentre(topics: topics);
        var session = await t.StartAsync(topic: null, text: "  Где мой платёж?  ");
        Assert.That(session.Queue, Is.EqualTo("103"));
        Assert.That(topics.Asked, Is.EqualTo(new[] { "Где мой платёж?" }));
    }

    [Test]
    public async Task Start_WithTextButNoTopic_AndNoTopicRouter_FallsBackTo101()
    {
        var t = new TestCentre();
        Assert.That((await t.StartAsync(topic: null, text: "оплата")).Queue, Is.EqualTo("101"));
    }

    [Test]
    public async Task Start_WithTopic_UsesIt_WithoutAskingTheTopicRouter()
    {
        var topics = new FixedTopicRouter("103");
        var t = new TestCentre(topics: topics);
        Assert.That((await t.StartAsync(topic: "104", text: "оплата")).Queue, Is.EqualTo("104"));
        Assert.That(topics.Asked, Is.Empty);
    }

    [Test]
    public async Task Start_StoresTheSession_TheFirstMessage_AndAResumeToken()
    {
        var t = new TestCentre();
        var result = await t.Citizens.StartAsync(new StartRequest
        {
            Topic = "102", Text = " Нужна справка ", Language = "en", Kind = "application",
            Name = " Ivan ", Phone = "+7 (495) 123-45-67", Email = "ivan@example.org",
        });

        var stored = await t.SessionAsync(result.Session.Id);
        Assert.Multiple(() =>
        {
            Assert.That(stored.State, Is.EqualTo(SessionState.Queued));
            Assert.That(stored.Queue, Is.EqualTo("102"));
            Assert.That(stored.Language, Is.EqualTo("en"));
            Assert.That(stored.Kind, Is.EqualTo(RequestKind.Application));
            Assert.That(stored.CitizenName, Is.EqualTo("Ivan"));
            Assert.That(stored.Phone, Is.EqualTo("+7 (495) 123-45-67"));
            Assert.That(stored.Email, Is.EqualTo("ivan@example.org"));
            Assert.That(stored.Preview, Is.EqualTo("Нужна справка"));
            Assert.That(stored.CreatedAt, Is.EqualTo(t.Clock.GetCurrentInstant()));
            Assert.That(result.Position, Is.EqualTo(1));
            Assert.That(result.EstimatedWaitSeconds, Is.EqualTo(180));
        });
        var history = await t.Messages.GetAsync(stored.Id);
        Assert.That(history.Select(m => (m.From, m.Text)), Is.EqualTo(new[] { (Senders.Citizen, "Нужна справка") }));

        var resumed = await t.Citizens.ResumeAsync(result.ResumeToken);
        Assert.That(resumed.Session.Id, Is.EqualTo(stored.Id));
        Assert.That(resumed.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Start_LongText_HasAShortPreview_ButTheWholeMessageIsKept()
    {
        var t = new TestCentre();
        var text = new string('ж', 4000);
        var session = await t.StartAsync(text: text);
        Assert.That(session.Preview, Has.Length.EqualTo(141));
        Assert.That((await t.Messages.GetAsync(session.Id)).Single().Text, Is.EqualTo(text));
    }

    [Test]
    public async Task Start_Critical_IsPutAheadOfEarlierSessions()
    {
        var t = new TestCentre();
        var first = await t.StartAsync();
        t.Clock.AdvanceSeconds(5);
        var critical = await t.Citizens.StartAsync(new StartRequest { Topic = "101", Critical = true });
        Assert.That(critical.Position, Is.EqualTo(1));
        Assert.That((await t.Citizens.ViewAsync(first.Id)).Position, Is.EqualTo(2));
    }

    [TestCase("Мой аккаунт взломали, сменили пароль", true)]
    [TestCase("Не могу войти, забыл пароль", false)]
    public async Task Start_SecurityUrgentWords_MakeTheChatCriticalAndPutItAhead(string text, bool critical)
    {
        var t = new TestCentre(topics: new GosChat.Domain.Topics.TopicDetector());
        var first = await t.StartAsync();
        t.Clock.AdvanceSeconds(5);
        var started = await t.Citizens.StartAsync(new StartRequest { Text = text });

        Assert.That(started.Session.Critical, Is.EqualTo(critical));
        Assert.That(started.Position, Is.EqualTo(critical ? 1 : 2));
        Assert.That((await t.Citizens.ViewAsync(first.Id)).Position, Is.EqualTo(critical ? 2 : 1));
    }

    [Test]
    public async Task Operator_MarksTheirSessionCritical_AndOnlyTheirOwn()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.OnlineAsync("b");

        var marked = await t.Operators.MarkCriticalAsync("a", session.Id);
        Assert.That((marked.Critical, marked.Priority), Is.EqualTo((true, Priorities.Critical)));
        Assert.That((await t.SessionAsync(session.Id)).Critical, Is.True);
        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.MarkCriticalAsync("b", session.Id), "not_your_session");
    }

    [Test]
    public async Task Resume_WithAnUnknownToken_IsNotFound()
    {
        var t = new TestCentre();
        await Refused.ByAsync(DomainErrorKind.NotFound, () => t.Citizens.ResumeAsync("no-such-token"), "session_not_found");
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.ResumeAsync(" "), "bad_resume_token");
    }

    [Test]
    public async Task Start_OutsideWorkingHours_IsDeferred_WithASystemMessage_ThenQueuedAndOfferedWhenTheQueueOpens()
    {
        var hours = new SwitchableHours { Open = false };
        var t = new TestCentre(hours: hours);
        await t.OnlineAsync("a");
        var older = await t.StartAsync(text: "first");
        t.Clock.AdvanceSeconds(10);
        var newer = await t.StartAsync(text: "second");

        Assert.That(older.State, Is.EqualTo(SessionState.Deferred));
        var history = await t.Messages.GetAsync(older.Id);
        Assert.That(history.Select(m => m.From), Is.EqualTo(new[] { Senders.Citizen, Senders.System }));
        Assert.That(history[1].Text, Is.EqualTo(SystemTexts.Deferred("ru")));

        t.Clock.AdvanceSeconds(3600);
        await t.Dispatcher.SweepAsync();
        Assert.That((await t.SessionAsync(older.Id)).State, Is.EqualTo(SessionState.Deferred), "still closed: kept deferred");
        Assert.That(t.Events.Of<RecordingEvents.OfferMade>(), Is.Empty);

        hours.Open = true;
        var openedAt = t.Clock.GetCurrentInstant();
        await t.Dispatcher.SweepAsync();

        var olderNow = await t.SessionAsync(older.Id);
        var newerNow = await t.SessionAsync(newer.Id);
        Assert.Multiple(() =>
        {
            Assert.That(olderNow.State, Is.EqualTo(SessionState.Offered), "the oldest deferred session is offered first");
            Assert.That(olderNow.QueuedAt, Is.EqualTo(openedAt));
            Assert.That(newerNow.State, Is.EqualTo(SessionState.Queued));
            Assert.That(t.Events.Of<RecordingEvents.OfferMade>().Select(o => o.Offer.SessionId), Is.EqualTo(new[] { older.Id }));
        });
    }
}
