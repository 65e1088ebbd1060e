using GosChat.Domain.Topics;

namespace GosChat.Domain.Tests.Topics;

public class TopicDetectorTests
{
    private static readonly TopicDetector Detector = new();

    [TestCase("Не могу войти в личный кабинет", "101")]
    [TestCase("Забыл пароль, а с новым паролем тоже не пускает", "101")]
    [TestCase("Учётная запись заблокирована", "101")]
    [TestCase("Учетную запись заблокировали вчера", "101")]
    [TestCase("Не приходит СМС-код", "101")]
    [TestCase("Проблема со входом в кабинет, логин не принимает", "101")]
    [TestCase("Как получить справку о несудимости?", "102")]
    [TestCase("Какой статус моего заявления?", "102")]
    [TestCase("Не отправляются заявления, документы не загружаются", "102")]
    [TestCase("Не могу оплатить штраф ГИБДД", "103")]
    [TestCase("Платёж не прошёл, деньги списали", "103")]
    [TestCase("Не вижу оплату госпошлины", "103")]
    [TestCase("Где квитанция на оплату налога?", "103")]
    [TestCase("Хочу оставить отзыв о работе портала", "104")]
    [TestCase("У меня есть предложение по улучшению сайта", "104")]
    [TestCase("Жалоба на грубость оператора", "104")]
    [TestCase("I forgot my password", "101")]
    [TestCase("Cannot sign in, my account is blocked", "101")]
    [TestCase("Signing in fails", "101")]
    [TestCase("Where is my certificate?", "102")]
    [TestCase("The payment failed and fees were charged twice", "103")]
    [TestCase("Some feedback and a suggestion", "104")]
    public void Detect_PicksTheQueueFromKeywords(string text, string queue)
    {
        Assert.That(Detector.Detect(text), Is.EqualTo(queue));
        Assert.That(Detector.Score(text)[queue], Is.Positive, "matched by a keyword, not by the default");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("Здравствуйте!")]
    [TestCase("Hello")]
    public void Detect_DefaultsTo101_WhenNothingMatches(string? text) =>
        Assert.That(Detector.Detect(text), Is.EqualTo("101"));

    [TestCase("справка и оплата", "102")]         // 102 and 103 tie: 102 comes first
    [TestCase("жалоба на оплату", "103")]         // 103 and 104 tie: 103 comes first
    [TestCase("пароль и заявление", "101")]       // 101 and 102 tie
    [TestCase("заявление, справка и оплата", "102")]
    public void Detect_BreaksTiesByQueueOrder(string text, string queue) =>
        Assert.That(Detector.Detect(text), Is.EqualTo(queue));

    [Test]
    public void Detect_PrefersTheQueueWithMoreHits() =>
        Assert.That(Detector.Detect("Оплатил пошлину, но в личном кабинете не вижу платёж"), Is.EqualTo("103"));

    [Test]
    public void Score_CountsEveryOccurrence_AndPhrasesOnlyWhenWhole()
    {
        var scores = Detector.Score("пароль, пароль и логин; кабинет без слова личный");

        Assert.That(scores["101"], Is.EqualTo(3));
        Assert.That(scores["102"] + scores["103"] + scores["104"], Is.Zero);
    }

    [Test]
    public void Score_CountsKeywordsWithTheSameStemOnce()
    {
        // "оплата" and "оплатить" are both defaults for 103; one word must not score twice.
        Assert.That(Detector.Score("оплата")["103"], Is.EqualTo(1));
    }

    [Test]
    public void ConfiguredList_ReplacesTheDefaultsOfThatQueueOnly()
    {
        var detector = new TopicDetector(new TopicOptions { Keywords = { ["103"] = ["счёт", "invoice"] } });

        Assert.That(detector.Detect("Пришёл счет"), Is.EqualTo("103"));
        Assert.That(detector.Detect("invoices"), Is.EqualTo("103"));
        Assert.That(detector.Detect("квитанция"), Is.EqualTo("101"));
        Assert.That(detector.Detect("справка"), Is.EqualTo("102"));
        Assert.That(detector.Keywords["103"], Is.EqualTo(new[] { "счёт", "invoice" }));
    }

    [Test]
    public void ConfiguredEmptyList_SwitchesAQueueOff()
    {
        var detector = new TopicDetector(new TopicOptions { Keywords = { ["104"] = [] } });

        Assert.That(detector.Detect("отзыв"), Is.EqualTo("101"));
    }

    [Test]
    public void ConfiguredPhrase_MatchesItsWordForms()
    {
        var detector = new TopicDetector(new TopicOptions { Keywords = { ["102"] = ["выписка из реестра"] } });

        Assert.That(detector.Detect("нужна выписку из реестра недвижимости"), Is.EqualTo("102"));
        Assert.That(detector.Detect("выписка"), Is.EqualTo("101"));
    }

    [TestCase("105", "GosChat:Topics:Keywords:105")]
    [TestCase("", "GosChat:Topics:Keywords:")]
    public void UnknownQueue_IsRejectedNamingItsKey(string queue, string key)
    {
        var error = Assert.Throws<TopicConfigurationException>(
            () => new TopicDetector(new TopicOptions { Keywords = { [queue] = ["x"] } }));

        Assert.That(error!.Key, Is.EqualTo(key));
    }

    [Test]
    public void KeywordWithoutLetters_IsRejectedNamingItsKey()
    {
        var error = Assert.Throws<TopicConfigurationException>(
            () => new TopicDetector(new TopicOptions { Keywords = { ["104"] = ["отзыв", "!!!"] } }));

        Assert.That(error!.Key, Is.EqualTo("GosChat:Topics:Keywords:104:1"));
    }

    [Test]
    public void VeryLongText_IsReadOnlyUpToTheLimit()
    {
        var text = new string(' ', TopicDetector.MaxTextLength) + "оплата";

        Assert.That(Detector.Detect(text), Is.EqualTo("101"));
    }

    [TestCase("Мой аккаунт взломали, кто-то вошёл и сменил почту", true)]
    [TestCase("Пришёл код, который я не запрашивал", true)]
    [TestCase("Звонили мошенники от имени Госуслуг", true)]
    [TestCase("Someone logged in to my account and changed the phone", true)]
    [TestCase("I think my account was hacked", true)]
    [TestCase("Не могу войти в личный кабинет, забыл пароль", false)]
    [TestCase("Не приходит СМС-код", false)]
    [TestCase("Как оплатить штраф?", false)]
    [TestCase("", false)]
    public void SecurityUrgentWords_MarkAChatCritical(string text, bool urgent)
    {
        Assert.That(Detector.IsSecurityUrgent(text), Is.EqualTo(urgent));
    }

    [Test]
    public void ConfiguredSecurityUrgentList_ReplacesTheDefaults()
    {
        var detector = new TopicDetector(new TopicOptions { SecurityUrgent = ["чужой телефон"] });

        Assert.That(detector.IsSecurityUrgent("В профиле чужой телефон"), Is.True);
        Assert.That(detector.IsSecurityUrgent("Мой аккаунт взломали"), Is.False);
    }
}

