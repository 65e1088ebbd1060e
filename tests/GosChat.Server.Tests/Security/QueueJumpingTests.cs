using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>A citizen cannot jump the queue by claiming their chat is critical; words and operators decide.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class QueueJumpingTests(string storage) : ServerFixtureBase(storage)
{
    private static StartSessionRequest Request(string text, bool? critical) => new("101", text, "ru", null, null, null, null, critical);

    [Test]
    public async Task CriticalFlagFromTheWidget_IsIgnored_AndTheChatWaitsItsTurn()
    {
        var first = await Citizen();
        var a = await first.InvokeAsync<SessionStartedDto>("StartSession", Request("Вопрос по справке", critical: null));
        var jumper = await Citizen();
        var b = await jumper.InvokeAsync<SessionStartedDto>("StartSession", Request("Срочно!!!", critical: true));

        Assert.That((a.Position, b.Position), Is.EqualTo((1, 2)));
        var stored = await Server.Centre.Store.GetSessionAsync(b.SessionId);
        Assert.That((stored!.Critical, stored.Priority), Is.EqualTo((false, 0)));
    }

    [Test]
    public async Task SecurityUrgentWords_PutTheChatAhead()
    {
        var first = await Citizen();
        var a = await first.InvokeAsync<SessionStartedDto>("StartSession", Request("Вопрос по справке", critical: null));
        var victim = await Citizen();
        var b = await victim.InvokeAsync<SessionStartedDto>("StartSession", Request("Мой аккаунт взломали, пришёл код, который я не запрашивал", critical: null));

        Assert.That(b.Position, Is.EqualTo(1));
        Assert.That((await Server.Centre.Store.GetSessionAsync(b.SessionId))!.Critical, Is.True);
        Assert.That((await first.InvokeAsync<SessionSnapshotDto>("ResumeSession", a.ResumeToken)).Position, Is.EqualTo(2));
    }

    [Test]
    public async Task Operator_MarksTheirSessionCritical_OthersCannot()
    {
        var (op, offers) = await AvailableOperator("op101");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Кто-то сменил мой телефон в профиле?", critical: null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);

        var other = await Operator("senior");
        var refused = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync("MarkCritical", started.SessionId));
        Assert.That(refused!.Message, Does.Contain("not_your_session"));
        await op.InvokeAsync("MarkCritical", started.SessionId);

        Assert.That((await Server.Centre.Store.GetSessionAsync(started.SessionId))!.Critical, Is.True);
    }
}
