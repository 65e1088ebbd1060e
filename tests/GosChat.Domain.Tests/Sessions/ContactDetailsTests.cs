using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Sessions;

public class ContactDetailsTests
{
    [TestCase("+7 (495) 123-45-67", "*******4567")]
    [TestCase("89161234567", "*******4567")]
    [TestCase("12345", "*2345")]
    [TestCase("1234", "****")]
    [TestCase("12", "**")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Mask_ShowsOnlyTheLastFourDigits(string? phone, string expected) =>
        Assert.That(ContactDetails.Mask(phone), Is.EqualTo(expected));

    [Test]
    public void Mask_NeverContainsTheLeadingDigits()
    {
        var masked = ContactDetails.Mask("+7 (495) 123-45-67");
        Assert.That(masked, Does.Not.Contain("495"));
        Assert.That(masked.Count(char.IsAsciiDigit), Is.EqualTo(4));
    }

    [TestCase("+7 (495) 123-45-67")]
    [TestCase("12345")]
    [TestCase("123456789012345")]
    [TestCase("8.916.123.45.67")]
    [TestCase("  +7 916 123 45 67  ")]
    public void Phone_AcceptsWhatPeopleWrite_Trimmed(string phone) =>
        Assert.That(ContactDetails.Phone(phone), Is.EqualTo(phone.Trim()));

    [TestCase("1234", Description = "too few digits")]
    [TestCase("1234567890123456", Description = "too many digits")]
    [TestCase("+7 495 CALL-ME")]
    [TestCase("7+9161234567")]
    [TestCase("phone")]
    [TestCase("+7 (495) 123-45-67 ext")]
    public void Phone_RefusesWhatIsNotAPhoneNumber(string phone) =>
        Refused.By(DomainErrorKind.BadRequest, () => ContactDetails.Phone(phone), "bad_phone");

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Phone_Blank_IsNone(string? phone) => Assert.That(ContactDetails.Phone(phone), Is.Null);

    [TestCase("a@b.ru")]
    [TestCase("ivan.petrov+help@mail.example.org")]
    public void Email_AcceptsAddresses(string email) => Assert.That(ContactDetails.Email(email), Is.EqualTo(email));

    [TestCase("ivan")]
    [TestCase("ivan@mail")]
    [TestCase("ivan@@mail.ru")]
    [TestCase("iv an@mail.ru")]
    [TestCase("<script>@x.ru")]
    public void Email_RefusesMalformedAddresses(string email) =>
        Refused.By(DomainErrorKind.BadRequest, () => ContactDetails.Email(email), "bad_email");

    [Test]
    public void Email_LongerThan254_IsRefused() =>
        Refused.By(DomainErrorKind.BadRequest, () => ContactDetails.Email(new string('a', 250) + "@x.ru"), "bad_email");

    [TestCase(100, true)]
    [TestCase(101, false)]
    public void Name_UpTo100Characters(int length, bool accepted)
    {
        var name = new string('я', length);
        if (accepted) Assert.That(ContactDetails.Name(name), Is.EqualTo(name));
        else Refused.By(DomainErrorKind.BadRequest, () => ContactDetails.Name(name), "bad_name");
    }

    [TestCase("Иван\u202Eвонави", "Иванвонави")]
    [TestCase(" \u2067Анна\u2069 ", "Анна")]
    [TestCase("\u202E\u200B", null)]
    public void Name_LosesBidiAndInvisibleCharacters(string name, string? expected) =>
        Assert.That(ContactDetails.Name(name), Is.EqualTo(expected));
}

