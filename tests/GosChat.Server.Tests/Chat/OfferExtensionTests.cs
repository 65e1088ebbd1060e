using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Chat;

/// <summary>ExtendOffer on the operator hub: more time to decide, once per offer, honoured by the offer timeout.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class OfferExtensionTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:OfferTimeout"] = "00:00:20",
        ["GosChat:OfferExtension"] = "00:00:30",
        ["GosChat:OfferExtensionsAllowed"] = "1",
    };

    private async Task<SessionStartedDto> StartAsync() =>
        await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Не приходит код", "ru", null, null, null, null, null));

    [Test]
    public async Task ExtendOffer_AnswersTheNewExpiry_TellsTheOperatorsOtherConnections_AndTheOfferOutlivesItsFirstTimeout()
    {
        var (op, offers) = await AvailableOperator("op101");
        var otherTab = await Operator("op101");
        var extendedEvents = otherTab.Inbox<OfferExtendedDto>("OfferExtended");
        var revoked = op.Inbox<OfferRevokedDto>("OfferRevoked");
        var started = await StartAsync();
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(offer.ExtensionsLeft, Is.EqualTo(1));

        Server.Clock.AdvanceSeconds(15);
        var extended = await op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId);

        Assert.That(extended.OfferId, Is.EqualTo(offer.OfferId));
        Assert.That(extended.ExpiresAt, Is.EqualTo(offer.ExpiresAt + Duration.FromSeconds(30)));
        Assert.That(extended.ExtensionsLeft, Is.Zero);
        Assert.That((await extendedEvents.WaitAsync()).ExpiresAt, Is.EqualTo(extended.ExpiresAt));
        var state = await op.InvokeAsync<OperatorStateDto>("GetState");
        Assert.That(state.Offer!.ExpiresAt, Is.EqualTo(extended.ExpiresAt), "a console that reloads sees the new expiry");

        // Past the first timeout, before the new one: the offer stays and can be accepted.
        Server.Clock.AdvanceSeconds(30);
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That(revoked.All, Is.Empty);
        var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        Assert.That(snapshot.State, Is.EqualTo("active"));
    }

    [Test]
    public async Task ExtendedOffer_ExpiresAtItsNewTime()
    {
        var (op, offers) = await AvailableOperator("op101");
        var revoked = op.Inbox<OfferRevokedDto>("OfferRevoked");
        var started = await StartAsync();
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId);

        Server.Clock.AdvanceSeconds(51);

        Assert.That((await revoked.WaitAsync()).OfferId, Is.EqualTo(offer.OfferId));
        var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId));
        Assert.That(error!.Message, Does.Contain("offer_gone"));
    }

    [Test]
    public async Task SecondExtension_IsRefusedWithExtensionUsed()
    {
        var (op, offers) = await AvailableOperator("op101");
        var started = await StartAsync();
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        var first = await op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId);

        var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId));

        Assert.That(error!.Message, Does.Contain("extension_used"));
        var stored = await Server.Centre.Store.GetOfferAsync(offer.OfferId);
        Assert.That(stored!.ExpiresAt, Is.EqualTo(first.ExpiresAt), "unchanged");
    }

    [Test]
    public async Task ExpiredOrSomeoneElsesOffer_IsRefusedWithOfferGone()
    {
        var (op, offers) = await AvailableOperator("op101");
        var stranger = await Operator("op102");
        var started = await StartAsync();
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);

        var notYours = Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId));
        Assert.That(notYours!.Message, Does.Contain("offer_gone"));

        Server.Clock.AdvanceSeconds(20);
        var late = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync<OfferExtendedDto>("ExtendOffer", offer.OfferId));
        Assert.That(late!.Message, Does.Contain("offer_gone"));
    }
}
