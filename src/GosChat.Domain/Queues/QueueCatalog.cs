namespace GosChat.Domain.Queues;

/// <summary>One department queue, keyed by the extension a caller dials.</summary>
public sealed record QueueInfo(string Id, string NameRu, string NameEn);

/// <summary>The department queues of the help line: the contract's four (CONTRACT.md, "Queues") and the legal-consultation line.</summary>
public static class QueueCatalog
{
    /// <summary>Pseudo-queue used by transfers to the senior tier: operators with the senior skill, any department.</summary>
    public const string SeniorTier = "senior";

    public static readonly IReadOnlyList<QueueInfo> All =
    [
        new("101", "Техническая поддержка и вход в личный кабинет", "Technical support and signing in"),
        new("102", "Заявления и справки", "Applications and certificates"),
        new("103", "Оплата и статус платежей", "Payments and payment status"),
        new("104", "Отзывы и предложения", "Feedback and suggestions"),
        // Extension of the contract's four (docs/schedules.md, "The legal-consultation line"): lawyers, 08:00–20:00 every
        // day in the example settings. 105 stays unknown: docs and tests use it as the example of an unknown extension.
        new("106", "Юридические консультации", "Legal consultations"),
    ];

    public const string Default = "101";

    /// <summary>The queue ids in catalogue order (101, 102, 103, 104, 106): the one list every other part reads.</summary>
    public static readonly IReadOnlyList<string> Ids = All.Select(q => q.Id).ToArray();

    public static bool IsKnown(string? id) => id is not null && All.Any(q => q.Id == id);

    public static QueueInfo Get(string id) =>
        All.FirstOrDefault(q => q.Id == id) ?? throw DomainException.BadRequest(ErrorCodes.UnknownQueue, $"Unknown queue '{id}'. Valid queues: {string.Join(", ", Ids)}.");
}
