namespace GosChat.Domain.Topics;

/// <summary>
/// The keyword lists shipped for each queue, in Russian and English. Word forms do not need listing:
/// text and keywords are both reduced by <see cref="WordStemmer"/> before they are compared.
/// </summary>
public static class DefaultTopicKeywords
{
    /// <summary>The queues in tie-break order: on equal scores the earlier queue wins.</summary>
    public static IReadOnlyList<string> QueueOrder => Queues.QueueCatalog.Ids;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByQueue { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            // Technical support, signing in to the personal account.
            ["101"] =
            [
                "пароль", "вход", "войти", "зайти", "логин", "авторизация", "личный кабинет", "учётная запись",
                "заблокирован", "заблокировали", "блокировка", "смс код", "sms код", "код подтверждения",
                "password", "login", "log in", "sign in", "account", "blocked", "locked", "sms code",
            ],

            // Applications and certificates.
            ["102"] =
            [
                "заявление", "справка", "документ", "услуга", "выписка",
                "application", "certificate", "document",
            ],

            // Payments and payment status.
            ["103"] =
            [
                "оплата", "оплатить", "платёж", "штраф", "пошлина", "госпошлина", "налог", "квитанция",
                "payment", "pay", "paid", "fine", "fee", "tax",
            ],

            // Feedback and suggestions (complaints about the service included).
            ["104"] =
            [
                "предложение", "отзыв", "жалоба", "пожелание", "благодарность",
                "feedback", "suggestion", "complaint",
            ],

            // Legal consultations (lawyers).
            ["106"] =
            [
                "юрист", "юриста", "юридическая консультация", "юридический вопрос", "lawyer", "legal advice",
            ],
        };

    /// <summary>
    /// Words of a security-urgent request: someone else got into the account, a code the citizen did not ask for,
    /// fraud. Such a session is marked critical: ahead in the queue, and never a longer deadline than usual.
    /// </summary>
    public static IReadOnlyList<string> SecurityUrgent { get; } =
    [
        "взломали", "взлом", "взломан", "взломанный", "чужой вход", "кто-то вошёл", "кто то зашёл", "посторонний вход",
        "не запрашивал код", "не запрашивала код", "пришёл код который я не запрашивал", "мошенник", "мошенники",
        "мошенничество", "украли аккаунт", "угнали аккаунт", "сменили пароль без меня", "изменили номер телефона",
        "hacked", "hijacked", "someone logged in", "someone else logged", "did not request a code", "didn't request a code",
        "fraud", "scam", "stolen account", "account taken over", "taken over",
    ];
}

