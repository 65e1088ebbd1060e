using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Chat;

/// <summary>
/// The cool-down after an offer was let expire holds only while another operator can take the chat: the lone operator
/// on duty is offered it again at once, so the first-reply deadline is not lost to the cool-down.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class OfferCooldownTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:OfferTimeout"] = "00:00:20",
        ["GosChat:OfferExtensionsAllowed"] = "0",
    };

    private async Task<SessionStartedDto> StartAsync() =>
        await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Не приходит код", "ru", null, null, null, null, null));

    [Test]
    public async Task LoneOperator_WhoLetTheOfferExpire_GetsTheReOffer_AndCanAcceptIt()
    {
        var (op, offers) = await AvailableOperator("op101");
        var revoked = op.Inbox<OfferRevokedDto>("OfferRevoked");
        var started = await StartAsync();
        var first = await offers.WaitAsync(o => o.SessionId == started.SessionId);

        Server.Clock.AdvanceSeconds(20);

        Assert.That((await revoked.WaitAsync()).OfferId, Is.EqualTo(first.OfferId));
        var again = await offers.WaitAsync(o => o.SessionId == started.SessionId && o.OfferId != first.OfferId);
        Assert.That(again.ExpiresAt, Is.EqualTo(first.ExpiresAt + NodaTime.Duration.FromSeconds(20)));
        var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", again.OfferId);
        Assert.That(snapshot.State, Is.EqualTo("active"));
    }

    [Test]
    public async Task WithAnotherOperatorOnDuty_TheExpiredOfferGoesToThem_NotBackToTheFirst()
    {
        var (first, firstOffers) = await AvailableOperator("op101");
        var started = await StartAsync();
        var offer = await firstOffers.WaitAsync(o => o.SessionId == started.SessionId);
        var (senior, seniorOffers) = await AvailableOperator("senior");

        Server.Clock.AdvanceSeconds(20);

        var next = await seniorOffers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(next.OfferId, Is.Not.EqualTo(offer.OfferId));
        Assert.That(firstOffers.All.Count(o => o.SessionId == started.SessionId), Is.EqualTo(1));
        await senior.InvokeAsync<SessionSnapshotDto>("AcceptOffer", next.OfferId);
        Assert.That(firstOffers.All.Count(o => o.SessionId == started.SessionId), Is.EqualTo(1), "the first operator is not offered it again");
    }
}
