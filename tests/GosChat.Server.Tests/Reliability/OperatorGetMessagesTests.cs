using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Reliability;

/// <summary>The operator hub's GetMessages(sessionId, afterSeq): the twin of the citizen hub's, for the session's operator or a supervisor.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class OperatorGetMessagesTests(string storage) : ServerFixtureBase(storage)
{
    [Test]
    public async Task TheSessionsOperator_GetsTheMessagesAfterASequenceNumber_OthersAreRefused_ASupervisorIsNot()
    {
        var (op, offers) = await AvailableOperator("op101");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Не приходит СМС с кодом", "ru", null, null, null, null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Проверю номер", "o-1");
        var last = await citizen.InvokeAsync<SendResult>("SendMessage", "Жду", "c-1");

        var rest = await op.InvokeAsync<List<MessageDto>>("GetMessages", started.SessionId, 1L);

        Assert.That(rest.Select(m => (m.Seq, m.Text)), Is.EqualTo(new[] { (2L, "Проверю номер"), (3L, "Жду") }));
        Assert.That(rest[^1].MessageId, Is.EqualTo(last.MessageId));
        Assert.That(rest[^1].ClientMessageId, Is.EqualTo("c-1"));
        var other = await Operator("op102");
        var refused = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<List<MessageDto>>("GetMessages", started.SessionId, 0L));
        Assert.That(refused!.Message, Does.Contain("not_your_session"));
        var supervisor = await Operator("supervisor");
        Assert.That(await supervisor.InvokeAsync<List<MessageDto>>("GetMessages", started.SessionId, 0L), Has.Count.EqualTo(3));
    }
}
