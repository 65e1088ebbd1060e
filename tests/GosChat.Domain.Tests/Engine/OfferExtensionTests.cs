using GosChat.Domain.Engine;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Engine;

/// <summary>An operator asks for more time on an offer (WCAG 2.2.1: a time limit the user can extend).</summary>
public class OfferExtensionTests
{
    private static async Task<(TestCentre T, Offer Offer, Session Session)> OfferedToAAsync(ContactCentreOptions? options = null)
    {
        var t = new TestCentre(options);
        await t.OnlineAsync("a");
        await t.OnlineAsync("b");
        var session = await t.StartAsync();
        await t.SettleAsync();
        var offer = await t.PendingOfferAsync("a") ?? throw new AssertionException("a was offered nothing");
        return (t, offer, session);
    }

    [Test]
    public async Task NewOffer_CarriesTheConfiguredNumberOfExtensions()
    {
        var (_, offer, _) = await OfferedToAAsync(new ContactCentreOptions { OfferExtensionsAllowed = 2 });
        Assert.That(offer.ExtensionsLeft, Is.EqualTo(2));
    }

    [Test]
    public async Task ExtendOffer_PushesTheExpiryBackByTheExtension_AndTellsTheOperator()
    {
        var (t, offer, _) = await OfferedToAAsync(new ContactCentreOptions { OfferExtension = Duration.FromSeconds(30) });
        t.Clock.AdvanceSeconds(15);

        var extended = await t.Operators.ExtendOfferAsync("a", offer.Id);

        var stored = await t.Store.GetOfferAsync(offer.Id);
        Assert.Multiple(() =>
        {
            Assert.That(extended.ExpiresAt, Is.EqualTo(offer.ExpiresAt + Duration.FromSeconds(30)));
            Assert.That(extended.ExtensionsLeft, Is.Zero);
            Assert.That(stored!.ExpiresAt, Is.EqualTo(extended.ExpiresAt), "stored");
            Assert.That(stored.Version, Is.EqualTo(extended.Version), "the answer is the stored record");
            Assert.That(t.Events.Of<RecordingEvents.OfferExtended>().Select(e => e.Offer.ExpiresAt), Is.EqualTo(new[] { extended.ExpiresAt }));
        });
    }

    [TestCase(39, false)]
    [TestCase(40, true)]
    public async Task ExtendedOffer_ExpiresAtItsNewTime_NotTheOldOne(int secondsAfterOffer, bool expired)
    {
        var (t, offer, session) = await OfferedToAAsync();
        await t.Operators.ExtendOfferAsync("a", offer.Id);

        t.Clock.AdvanceSeconds(secondsAfterOffer);
        await t.Dispatcher.SweepAsync();

        var offeredTo = t.Events.OffersFor(session.Id).Select(o => o.Offer.OperatorId);
        if (expired)
        {
            Assert.That(offeredTo, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(await t.Store.GetOfferAsync(offer.Id), Is.Null);
        }
        else
        {
            Assert.That(offeredTo, Is.EqualTo(new[] { "a" }));
            Assert.That((await t.OperatorAsync("a")).PendingOfferId, Is.EqualTo(offer.Id));
            var view = await t.Operators.AcceptAsync("a", offer.Id);
            Assert.That(view.Session.State, Is.EqualTo(SessionState.Active), "still acceptable after the old expiry");
        }
    }

    [Test]
    public async Task SweepThatSawTheOldExpiry_DoesNotWithdrawAnOfferExtendedMeanwhile()
    {
        var (t, offer, _) = await OfferedToAAsync();
        await t.Operators.ExtendOfferAsync("a", offer.Id);
        t.Clock.AdvanceSeconds(25);

        // A sweep that read the offer before the extension was committed asks for the withdrawal of an expired offer.
        var withdrawn = await t.Dispatcher.WithdrawOfferAsync(offer.Id, declinedBy: "a", onlyIfExpired: true);

        Assert.That(withdrawn, Is.False);
        Assert.That(await t.Store.GetOfferAsync(offer.Id), Is.Not.Null);
    }

    [Test]
    public async Task SecondExtension_IsRefused_WhenOneIsAllowed()
    {
        var (t, offer, _) = await OfferedToAAsync();
        var first = await t.Operators.ExtendOfferAsync("a", offer.Id);

        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("a", offer.Id), "extension_used");
        Assert.That((await t.Store.GetOfferAsync(offer.Id))!.ExpiresAt, Is.EqualTo(first.ExpiresAt), "unchanged");
    }

    [Test]
    public async Task Extensions_CanBeSwitchedOff()
    {
        var (t, offer, _) = await OfferedToAAsync(new ContactCentreOptions { OfferExtensionsAllowed = 0 });
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("a", offer.Id), "extension_used");
    }

    [Test]
    public async Task TwoExtensions_WhenTwoAreAllowed_AddUp()
    {
        var (t, offer, _) = await OfferedToAAsync(new ContactCentreOptions { OfferExtensionsAllowed = 2 });
        await t.Operators.ExtendOfferAsync("a", offer.Id);
        var second = await t.Operators.ExtendOfferAsync("a", offer.Id);
        Assert.That(second.ExpiresAt, Is.EqualTo(offer.ExpiresAt + Duration.FromSeconds(40)));
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("a", offer.Id), "extension_used");
    }

    [Test]
    public async Task ExpiredOffer_CannotBeExtended()
    {
        var (t, offer, _) = await OfferedToAAsync();
        t.Clock.AdvanceSeconds(20);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("a", offer.Id), "offer_gone");
    }

    [Test]
    public async Task AcceptedOffer_CannotBeExtended()
    {
        var (t, offer, _) = await OfferedToAAsync();
        await t.Operators.AcceptAsync("a", offer.Id);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("a", offer.Id), "offer_gone");
    }

    [Test]
    public async Task SomeoneElsesOffer_CannotBeExtended()
    {
        var (t, offer, _) = await OfferedToAAsync();
        await Refused.ByAsync(DomainErrorKind.Conflict, () => t.Operators.ExtendOfferAsync("b", offer.Id), "offer_gone");
        Assert.That((await t.Store.GetOfferAsync(offer.Id))!.ExtensionsLeft, Is.EqualTo(1), "untouched");
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task MissingOfferId_IsBadRequest(string? offerId)
    {
        var (t, _, _) = await OfferedToAAsync();
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => t.Operators.ExtendOfferAsync("a", offerId), "bad_offer_id");
    }
}
