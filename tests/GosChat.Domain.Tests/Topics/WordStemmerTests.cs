using GosChat.Domain.Topics;

namespace GosChat.Domain.Tests.Topics;

public class WordStemmerTests
{
    [TestCase("пароль", "парол")]
    [TestCase("паролем", "парол")]
    [TestCase("пароля", "парол")]
    [TestCase("паролей", "парол")]
    [TestCase("оплата", "оплат")]
    [TestCase("оплатить", "оплат")]
    [TestCase("оплату", "оплат")]
    [TestCase("оплатили", "оплат")]
    [TestCase("платеж", "платеж")]
    [TestCase("платежа", "платеж")]
    [TestCase("платежей", "платеж")]
    [TestCase("заявление", "заявлен")]
    [TestCase("заявления", "заявлен")]
    [TestCase("заявлением", "заявлен")]
    [TestCase("заявлениями", "заявлен")]
    [TestCase("справка", "справк")]
    [TestCase("справку", "справк")]
    [TestCase("кабинет", "кабинет")]
    [TestCase("кабинете", "кабинет")]
    [TestCase("личного", "личн")]
    [TestCase("личном", "личн")]
    [TestCase("войти", "вой")]
    [TestCase("код", "код")]
    [TestCase("смс", "смс")]
    [TestCase("passwords", "password")]
    [TestCase("signing", "sign")]
    [TestCase("blocked", "block")]
    [TestCase("fees", "fee")]
    [TestCase("fee", "fee")]
    [TestCase("feedback", "feedback")]
    [TestCase("taxes", "tax")]
    [TestCase("access", "access")]
    [TestCase("sms", "sms")]
    [TestCase("2026", "2026")]
    public void Stem_BringsWordFormsTogether(string word, string stem) =>
        Assert.That(WordStemmer.Stem(word), Is.EqualTo(stem));

    [Test]
    public void Words_LowerCaseFoldYoAndSplitOnPunctuation() =>
        Assert.That(WordStemmer.Words("Учётная ЗАПИСЬ, СМС-код: 1234!"), Is.EqualTo(new[] { "учетная", "запись", "смс", "код", "1234" }));
}
