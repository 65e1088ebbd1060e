using GosChat.Domain.Messages;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Messages;

public class SendMessageTests
{
    [Test]
    public async Task CitizenSend_SameClientMessageIdTwice_ReturnsTheFirstMessage_StoresOne_AndPushesItAgain()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();

        var first = await t.Citizens.SendAsync(session.Id, "Здравствуйте", "cm-1");
        t.Clock.AdvanceSeconds(3);
        var again = await t.Citizens.SendAsync(session.Id, "Здравствуйте", "cm-1");

        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(again.SentAt, Is.EqualTo(first.SentAt));
        Assert.That(await t.Messages.GetAsync(session.Id), Has.Count.EqualTo(1));
        // The retry may follow a push that never left the node; clients show one message whatever its pushes.
        Assert.That(t.Events.Of<RecordingEvents.MessagePushed>().Select(e => e.Message.MessageId), Is.EqualTo(new[] { first.MessageId, first.MessageId }));
    }

    [Test]
    public async Task CitizenSend_DifferentClientMessageIds_AreStoredInOrder()
    {
        var t = new TestCentre();
        var session = await t.StartAsync(text: "first");
        await t.Citizens.SendAsync(session.Id, "second", "cm-2");
        await t.Citizens.SendAsync(session.Id, "third", "cm-3");

        var history = await t.Messages.GetAsync(session.Id);
        Assert.That(history.Select(m => (m.Seq, m.Text)), Is.EqualTo(new[] { (1L, "first"), (2L, "second"), (3L, "third") }));
        Assert.That(history.Skip(1), Has.All.Property(nameof(ChatMessage.From)).EqualTo(Senders.Citizen));
    }

    [Test]
    public async Task CitizenSend_ToAClosedSession_IsConflict()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await t.Citizens.CloseAsync(session.Id);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Citizens.SendAsync(session.Id, "hello?", "cm-1"), "session_closed");
        Assert.That(await t.Messages.GetAsync(session.Id), Is.Empty);
    }

    [Test]
    public async Task CitizenSend_RetriedAfterTheSessionClosed_ReturnsTheFirstAnswer_WithoutStoringOrPushing()
    {
        // The first send was stored but its answer was lost; meanwhile the operator closed the session.
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        var first = await t.Citizens.SendAsync(session.Id, "Спасибо, всё работает", "cm-last");
        await t.Operators.CloseAsync("a", session.Id, "solved");
        var pushed = t.Events.Of<RecordingEvents.MessagePushed>().Count;

        var retried = await t.Citizens.SendAsync(session.Id, "Спасибо, всё работает", "cm-last");

        Assert.That(retried.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(retried.SentAt, Is.EqualTo(first.SentAt));
        Assert.That(await t.Messages.GetAsync(session.Id), Has.Count.EqualTo(1));
        Assert.That(t.Events.Of<RecordingEvents.MessagePushed>(), Has.Count.EqualTo(pushed));
    }

    [TestCase("", "cm", "empty_text")]
    [TestCase("hi", "", "missing_client_message_id")]
    public async Task CitizenSend_WithBadInput_IsBadRequest(string text, string clientMessageId, string code)
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.SendAsync(session.Id, text, clientMessageId), code);
        Assert.That(await t.Messages.GetAsync(session.Id), Is.Empty);
    }

    [Test]
    public async Task CitizenSend_TextOver4000Characters_IsBadRequest()
    {
        var t = new TestCentre();
        var session = await t.StartAsync();
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Citizens.SendAsync(session.Id, new string('x', 4001), "cm"), "text_too_long");
    }

    [Test]
    public async Task CitizenSend_ToAnUnknownSession_IsNotFound() =>
        await Refused.ByAsync(DomainErrorKind.NotFound, () => new TestCentre().Citizens.SendAsync("nope", "hi", "cm"), "session_not_found");

    [Test]
    public async Task OperatorSend_SameClientMessageIdTwice_ReturnsTheFirstMessage_StoresOne_AndPushesItAgain()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        t.Events.Clear();

        var first = await t.Operators.SendAsync("a", session.Id, "Добрый день", "op-1");
        var again = await t.Operators.SendAsync("a", session.Id, "Добрый день", "op-1");

        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(first.From, Is.EqualTo(Senders.Operator));
        Assert.That(first.AuthorId, Is.EqualTo("a"));
        Assert.That(await t.Messages.GetAsync(session.Id), Has.Count.EqualTo(1));
        Assert.That(t.Events.Of<RecordingEvents.MessagePushed>().Select(e => e.Message.MessageId), Is.EqualTo(new[] { first.MessageId, first.MessageId }));
    }

    [Test]
    public async Task CitizenAndOperator_MayUseTheSameClientMessageId()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Citizens.SendAsync(session.Id, "from citizen", "1");
        await t.Operators.SendAsync("a", session.Id, "from operator", "1");
        Assert.That((await t.Messages.GetAsync(session.Id)).Select(m => m.Text), Is.EqualTo(new[] { "from citizen", "from operator" }));
    }

    [Test]
    public async Task OperatorSend_RecordsTheFirstReplyTimeOnce()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        t.Clock.AdvanceSeconds(30);
        var first = await t.Operators.SendAsync("a", session.Id, "one", "op-1");
        t.Clock.AdvanceSeconds(30);
        await t.Operators.SendAsync("a", session.Id, "two", "op-2");

        Assert.That((await t.SessionAsync(session.Id)).FirstOperatorReplyAt, Is.EqualTo(first.SentAt));
    }

    [Test]
    public async Task OperatorSend_ToAnotherOperatorsSession_IsForbidden_AndStoresNothing()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.ActiveWithAsync("a");

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.SendAsync("b", session.Id, "hi", "b-1"), "not_your_session");
        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.TypingAsync("b", session.Id, true), "not_your_session");

        Assert.That(await t.Messages.GetAsync(session.Id), Is.Empty);
        Assert.That(t.Events.Of<RecordingEvents.MessagePushed>(), Is.Empty);
        Assert.That(t.Events.Of<RecordingEvents.TypingPushed>(), Is.Empty);
    }

    [Test]
    public async Task OperatorSend_ToASessionOnlyOfferedToThem_IsForbidden()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.StartAsync();
        await t.SettleAsync();
        Assert.That(await t.PendingOfferAsync("a"), Is.Not.Null);

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.SendAsync("a", session.Id, "hi", "a-1"), "not_your_session");
    }

    [Test]
    public async Task OperatorSend_AfterClosingTheSession_IsForbidden()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Operators.CloseAsync("a", session.Id, null);
        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.SendAsync("a", session.Id, "bye", "a-9"), "not_your_session");
    }

    [Test]
    public async Task OperatorSend_ToAnUnknownSession_IsNotFound()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        await Refused.ByAsync(DomainErrorKind.NotFound, () => t.Operators.SendAsync("a", "nope", "hi", "a-1"), "session_not_found");
    }

    [Test]
    public async Task Typing_IsPushedWithTheSender()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Citizens.TypingAsync(session.Id, true);
        await t.Operators.TypingAsync("a", session.Id, false);
        Assert.That(t.Events.Of<RecordingEvents.TypingPushed>().Select(e => (e.From, e.IsTyping)),
            Is.EqualTo(new[] { (Senders.Citizen, true), (Senders.Operator, false) }));
    }
}
