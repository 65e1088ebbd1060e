using GosChat.Domain.Messages;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Messages;

public class MessageRulesTests
{
    [TestCase(1)]
    [TestCase(4000)]
    public void Text_UpTo4000Characters_IsAccepted(int length) =>
        Assert.That(MessageRules.ValidateText(new string('x', length)), Has.Length.EqualTo(length));

    [TestCase(4001)]
    [TestCase(10000)]
    public void Text_Over4000Characters_IsRefused(int length) =>
        Refused.By(DomainErrorKind.BadRequest, () => MessageRules.ValidateText(new string('x', length)), "text_too_long");

    [Test]
    public void Text_IsTrimmed_BeforeTheLengthIsChecked() =>
        Assert.That(MessageRules.ValidateText("  " + new string('x', 4000) + "\n"), Has.Length.EqualTo(4000));

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" \t\n")]
    public void Text_Blank_IsRefused(string? text) =>
        Refused.By(DomainErrorKind.BadRequest, () => MessageRules.ValidateText(text), "empty_text");

    [TestCase(null, "missing_client_message_id")]
    [TestCase("  ", "missing_client_message_id")]
    public void ClientMessageId_IsRequired(string? id, string code) =>
        Refused.By(DomainErrorKind.BadRequest, () => MessageRules.ValidateClientMessageId(id), code);

    [TestCase(100, true)]
    [TestCase(101, false)]
    public void ClientMessageId_UpTo100Characters(int length, bool accepted)
    {
        var id = new string('c', length);
        if (accepted) Assert.That(MessageRules.ValidateClientMessageId(id), Is.EqualTo(id));
        else Refused.By(DomainErrorKind.BadRequest, () => MessageRules.ValidateClientMessageId(id), "bad_client_message_id");
    }
}
