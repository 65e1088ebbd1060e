using GosChat.Domain.Messages;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Messages;

/// <summary>
/// What a console may fetch after a gap (a reconnect or the server's Resync): the messages after the last sequence
/// number it showed, of a session that is its operator's, or of any session for a supervisor.
/// </summary>
public class OperatorMessagesAfterTests
{
    [Test]
    public async Task Operator_GetsTheMessagesAfterASequenceNumber_OfTheirSession_InOrder()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a", text: "Не приходит код");
        await t.Operators.SendAsync("a", session.Id, "Проверю", "o-1");
        await t.Citizens.SendAsync(session.Id, "Жду", "c-1");

        var all = await t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, 0);
        var rest = await t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, 1);

        Assert.That(all.Select(m => (m.Seq, m.Text)), Is.EqualTo(new[] { (1L, "Не приходит код"), (2L, "Проверю"), (3L, "Жду") }));
        Assert.That(rest.Select(m => m.Seq), Is.EqualTo(new[] { 2L, 3L }));
        Assert.That(await t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, 3), Is.Empty);
    }

    [Test]
    public async Task Operator_StillGetsTheLastMessages_OnceTheCitizenClosedTheSession()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a");
        await t.Citizens.SendAsync(session.Id, "Спасибо, до свидания", "c-1");
        await t.Citizens.CloseAsync(session.Id);

        var messages = await t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, 0);

        Assert.That(messages.Select(m => m.Text), Is.EqualTo(new[] { "Спасибо, до свидания" }));
    }

    [Test]
    public async Task AnotherOperator_IsRefused_ASupervisorIsNot()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a", text: "Вопрос");

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.MessagesAfterAsync("b", supervisor: false, session.Id, 0), "not_your_session");
        var read = await t.Operators.MessagesAfterAsync("boss", supervisor: true, session.Id, 0);

        Assert.That(read.Select(m => m.From), Is.EqualTo(new[] { Senders.Citizen }));
    }

    [Test]
    public async Task FormerOperator_OfATransferredSession_IsRefused()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a", queues: ["101"]);
        var session = await t.ActiveWithAsync("a");
        await t.Operators.TransferAsync("a", session.Id, "102");

        await Refused.ByAsync(DomainErrorKind.Forbidden, () => t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, 0), "not_your_session");
    }

    [TestCase(null, DomainErrorKind.BadRequest, "bad_session_id")]
    [TestCase(" ", DomainErrorKind.BadRequest, "bad_session_id")]
    [TestCase("no-such-session", DomainErrorKind.NotFound, "session_not_found")]
    public async Task BadOrUnknownSession_IsRefused(string? sessionId, DomainErrorKind kind, string code) =>
        await Refused.ByAsync(kind, () => new TestCentre().Operators.MessagesAfterAsync("a", supervisor: true, sessionId, 0), code);

    [Test]
    public async Task NegativeSequenceNumber_MeansFromTheStart()
    {
        var t = new TestCentre();
        await t.OnlineAsync("a");
        var session = await t.ActiveWithAsync("a", text: "Раз");

        Assert.That(await t.Operators.MessagesAfterAsync("a", supervisor: false, session.Id, -5), Has.Count.EqualTo(1));
    }
}
