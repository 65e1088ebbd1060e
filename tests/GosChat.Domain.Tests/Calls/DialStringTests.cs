using GosChat.Domain.Calls;

namespace GosChat.Domain.Tests.Calls;

public sealed class DialStringTests
{
    [TestCase("101", "101")]
    [TestCase("102", "102")]
    [TestCase("103", "103")]
    [TestCase("104", "104")]
    [TestCase("+7 (495) 123-45-67 101", "101")]
    [TestCase("8-800-555-35-35 доб. 103", "103")]
    [TestCase("8 800 100-70-10 доб. 102", "102")]
    [TestCase("ext 102", "102")]
    [TestCase("ext102", "102")]
    [TestCase("доб.104", "104")]
    [TestCase("Доб. 104", "104")]
    [TestCase(" 101 ", "101")]
    [TestCase("101#", "101")]
    [TestCase("+74951234567,101", "101")]
    [TestCase("+7 (495) 123-45-67-101", "101")]
    public void Parse_RoutesTrailingThreeDigitGroup(string dialed, string queue)
    {
        var parsed = DialString.Parse(dialed);

        Assert.That(parsed.Queue, Is.EqualTo(queue));
        Assert.That(parsed.IsRoutable, Is.True);
    }

    [TestCase("105", "105")]
    [TestCase("100", "100")]
    [TestCase("+7 (495) 123-45-67 999", "999")]
    public void Parse_UnknownExtension_IsReadButNotRoutable(string dialed, string extension)
    {
        var parsed = DialString.Parse(dialed);

        Assert.That(parsed.Extension, Is.EqualTo(extension));
        Assert.That(parsed.Queue, Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("abc")]
    [TestCase("техподдержка")]
    [TestCase("10")]
    [TestCase("1011")]
    [TestCase("+7 (495) 123-45-67")]
    [TestCase("8-800-555-35-35")]
    [TestCase("a101")]
    [TestCase("101a")]
    public void Parse_NoExtension_IsNotRoutable(string? dialed)
    {
        var parsed = DialString.Parse(dialed);

        Assert.That(parsed.Queue, Is.Null);
        Assert.That(parsed.IsRoutable, Is.False);
    }

    [Test]
    public void Parse_RefusesOverlongInput()
    {
        Assert.That(DialString.Parse(new string(' ', DialString.MaxLength) + "101").IsRoutable, Is.False);
    }

    [Test]
    public void Menu_ListsTheFourExtensionsInOrder()
    {
        Assert.That(DialString.Menu.Select(q => q.Id), Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
    }
}
