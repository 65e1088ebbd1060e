using GosChat.Domain.Calls;

namespace GosChat.Domain.Tests.Calls;

public class IvrMenuTests
{
    [TestCase(null, null, null, "language", null)]
    [TestCase("", "1", null, "language", null)]
    [TestCase("9", "1", null, "language", "9")]
    [TestCase("1", null, null, "kind", null)]
    [TestCase("3", "7", null, "kind", "7")]
    [TestCase("1", null, "12345", "ticket", "12345")]
    [TestCase("1", null, "412345678", "ticket", "412345678")]
    public void MissingOrUnfittingChoice_GivesTheNextPrompt(string? language, string? kind, string? ticket, string prompt, string? invalid)
    {
        var (next, selection) = IvrMenu.Read(new IvrChoices(language, kind, null, ticket));

        Assert.That(selection, Is.Null);
        Assert.That(next!.Name, Is.EqualTo(prompt));
        Assert.That(next.Invalid, Is.EqualTo(invalid));
    }

    [TestCase("1", "3", null, null, "ru", "question", false, null)]
    [TestCase("2", "1", true, null, "en", "application", true, null)]
    [TestCase("3#", "2", false, null, "tt", "complaint", false, null)]
    [TestCase("ba", "question", null, null, "ba", "question", false, null)]
    [TestCase("EN", "Complaint", null, null, "en", "complaint", false, null)]
    [TestCase("1", null, null, "2 1234 5678", "ru", "complaint", false, "212345678")] // the ticket decides the kind
    [TestCase("1", "3", null, "112345678", "ru", "application", false, "112345678")]
    public void CompleteChoices_AreRead(string language, string? kind, bool? urgent, string? ticket,
        string expectedLanguage, string expectedKind, bool expectedUrgent, string? expectedTicket)
    {
        var (prompt, selection) = IvrMenu.Read(new IvrChoices(language, kind, urgent, ticket));

        Assert.That(prompt, Is.Null);
        Assert.That(selection, Is.EqualTo(new IvrSelection(expectedLanguage, expectedKind, expectedUrgent, expectedTicket)));
    }

    [Test]
    public void Prompts_ListTheirKeys()
    {
        Assert.That(IvrMenu.Read(new IvrChoices()).Prompt!.Options.Select(o => $"{o.Digit}={o.Value}"), Is.EqualTo(new[] { "1=ru", "2=en", "3=tt", "4=ba" }));
        Assert.That(IvrMenu.Read(new IvrChoices("1")).Prompt!.Options.Select(o => $"{o.Digit}={o.Value}"),
            Is.EqualTo(new[] { "1=application", "2=complaint", "3=question" }));
    }
}
