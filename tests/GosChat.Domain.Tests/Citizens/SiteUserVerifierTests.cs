using System.Globalization;
using GosChat.Domain;
using GosChat.Domain.Citizens;
using GosChat.Domain.Engine;
using NodaTime;

namespace GosChat.Domain.Tests.Citizens;

/// <summary>Which identity a start links by: the telephony caller, a host site's signed user, or nothing.</summary>
public sealed class SiteUserVerifierTests
{
    private const string Portal = "https://portal.example";
    private const string Secret = "the portal's own secret for signing users, 32+";
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 23, 7, 0);
    private static readonly SiteUserVerifier Sites = new(
        [new HostSite("portal", [Portal], Secret, false), new HostSite("strict", ["https://strict.example"], Secret + "!", true)],
        Duration.FromHours(24));
    private static readonly CitizenIdentities Identities = new(new CitizenKeys(new byte[32]), Sites);

    private static SignedUser Signed(string id, long expires, string origin = Portal) =>
        new(id, expires.ToString(CultureInfo.InvariantCulture), SiteUserVerifier.Sign(Secret, origin, id, expires));

    private static long InAnHour => (Now + Duration.FromHours(1)).ToUnixTimeSeconds();

    [Test]
    public void SignedUser_IsTheSameCitizen_OnEveryStart_AndAnotherUserIsNot()
    {
        var a = Identities.HistoryKeyFor(new StartRequest { User = Signed("u-1", InAnHour), Origin = Portal }, Now);
        var again = Identities.HistoryKeyFor(new StartRequest { User = Signed("u-1", InAnHour + 60), Origin = "HTTPS://PORTAL.EXAMPLE/" }, Now);
        var other = Identities.HistoryKeyFor(new StartRequest { User = Signed("u-2", InAnHour), Origin = Portal }, Now);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.Null.And.EqualTo(again));
            Assert.That(other, Is.Not.EqualTo(a));
        });
    }

    [Test]
    public void TypedPhone_LinksNothing_TheTelephonyCallerDoes()
    {
        Assert.That(Identities.HistoryKeyFor(new StartRequest { Phone = "+7 916 555-12-34", Origin = Portal }, Now), Is.Null);
        Assert.That(Identities.HistoryKeyFor(new StartRequest { Phone = "+7 916 555-12-34", VerifiedCaller = "+7 916 555-12-34" }, Now),
            Is.EqualTo(Identities.HistoryKeyFor(new StartRequest { VerifiedCaller = "89165551234" }, Now)));
    }

    [TestCase("wrong id", ErrorCodes.BadUserSignature)]
    [TestCase("unknown origin", ErrorCodes.BadUserSignature)]
    [TestCase("no origin", ErrorCodes.BadUserSignature)]
    [TestCase("expired", ErrorCodes.UserSignatureExpired)]
    [TestCase("too far ahead", ErrorCodes.BadUserSignature)]
    [TestCase("control characters", ErrorCodes.BadUserSignature)]
    [TestCase("expiry not digits", ErrorCodes.BadUserSignature)]
    [TestCase("unsigned on a strict site", ErrorCodes.SignedUserRequired)]
    public void Refusals(string attack, string code)
    {
        var request = attack switch
        {
            "wrong id" => new StartRequest { User = Signed("u-1", InAnHour) with { Id = "u-2" }, Origin = Portal },
            "unknown origin" => new StartRequest { User = Signed("u-1", InAnHour, "https://evil.example"), Origin = "https://evil.example" },
            "no origin" => new StartRequest { User = Signed("u-1", InAnHour) },
            "expired" => new StartRequest { User = Signed("u-1", Now.ToUnixTimeSeconds()), Origin = Portal },
            "too far ahead" => new StartRequest { User = Signed("u-1", (Now + Duration.FromHours(25)).ToUnixTimeSeconds()), Origin = Portal },
            "control characters" => new StartRequest { User = Signed("u\u202E1", InAnHour), Origin = Portal },
            "expiry not digits" => new StartRequest { User = Signed("u-1", InAnHour) with { Expires = "-1" }, Origin = Portal },
            "unsigned on a strict site" => new StartRequest { Origin = "https://strict.example" },
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        var refused = Assert.Throws<DomainException>(() => Identities.HistoryKeyFor(request, Now));
        Assert.That(refused!.Code, Is.EqualTo(code));
    }
}
