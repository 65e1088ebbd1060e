using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Chat;

/// <summary>The operator sees the citizen's earlier sessions (matched by phone) through GetCitizenHistory, on each store.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class CitizenHistoryTests(string storage) : ServerFixtureBase(storage)
{
    private static StartSessionRequest Request(string text, string? phone) => new("101", text, "ru", null, "Иван", phone, null, null);

    [Test]
    public async Task Operator_SeesTheEarlierSessionOfTheSameCitizen_OthersAreRefused()
    {
        var op = await Operator("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");

        // An earlier session, answered and closed.
        var first = await Citizen();
        var earlier = await first.InvokeAsync<SessionStartedDto>("StartSession", Request("Не могу войти в личный кабинет", "+7 (916) 555-12-34"));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == earlier.SessionId)).OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", earlier.SessionId, "Сбросьте пароль по ссылке «Забыли пароль?»", "op-1");
        await op.InvokeAsync("CloseSession", earlier.SessionId, "Пароль восстановлен");
        await DropAsync(first);
        Server.Clock.AdvanceSeconds(3600);

        // The same citizen again, the number written another way.
        var second = await Citizen();
        var now = await second.InvokeAsync<SessionStartedDto>("StartSession", Request("Снова не могу войти", "8 916 555 12 34"));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == now.SessionId)).OfferId);

        var history = await op.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", now.SessionId);
        Assert.That(history, Has.Count.EqualTo(1));
        var item = history[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.SessionId, Is.EqualTo(earlier.SessionId));
            Assert.That(item.Ticket, Is.EqualTo(earlier.Ticket));
            Assert.That(item.Queue, Is.EqualTo("101"));
            Assert.That(item.Channel, Is.EqualTo("chat"));
            Assert.That(item.State, Is.EqualTo("closed"));
            Assert.That(item.ClosedAt, Is.Not.Null);
            Assert.That(item.Resolution, Is.EqualTo("Пароль восстановлен"));
            Assert.That(item.OperatorName, Is.EqualTo("Анна (техподдержка)"));
            Assert.That(item.Messages.Select(m => m.Text), Does.Contain("Не могу войти в личный кабинет"));
            Assert.That(item.Messages.Select(m => m.Text), Does.Contain("Сбросьте пароль по ссылке «Забыли пароль?»"));
        });

        var other = await Operator("op102");
        var refused = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", now.SessionId));
        Assert.That(refused!.Message, Does.Contain("HubException: not_your_session:"));

        var supervisor = await Operator("supervisor");
        var seen = await supervisor.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", now.SessionId);
        Assert.That(seen.Select(h => h.SessionId), Is.EqualTo(new[] { earlier.SessionId }));
    }

    [Test]
    public async Task SessionWithoutPhone_HasAnEmptyHistory()
    {
        var op = await Operator("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Вопрос без телефона", null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);

        var history = await op.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", started.SessionId);
        Assert.That(history, Is.Empty);
    }
}
