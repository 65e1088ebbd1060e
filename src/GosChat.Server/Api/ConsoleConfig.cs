using GosChat.Domain.Queues;

namespace GosChat.Server.Api;

/// <summary>One canned reply of the agent console ("GosChat:Console:CannedReplies", a list). "{name}" becomes the operator's name.</summary>
public sealed class CannedReplyOptions
{
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed record CannedReplyDto(string Title, string Text);
public sealed record ConsoleQueueDto(string Id, string Name);
public sealed record ConsoleConfigDto(IReadOnlyList<CannedReplyDto> CannedReplies, IReadOnlyList<ConsoleQueueDto> Queues);

/// <summary>What GET /api/console/config answers: canned replies from configuration (Russian defaults) and the queues.</summary>
public static class ConsoleConfig
{
    public const string Section = "GosChat:Console:CannedReplies";

    public static readonly IReadOnlyList<CannedReplyDto> Defaults =
    [
        new("Приветствие", "Здравствуйте! Меня зовут {name}, я помогу вам. Опишите, пожалуйста, ваш вопрос подробнее."),
        new("Уточнить шаг", "Подскажите, пожалуйста, на каком шаге появляется ошибка и какой текст она показывает?"),
        new("Восстановление пароля", "Восстановить пароль можно на странице входа по ссылке «Не помню пароль»: понадобится телефон, почта или СНИЛС."),
        new("Статус заявления", "Статус заявления виден в личном кабинете в разделе «Заявления». Назовите, пожалуйста, номер заявления, я проверю."),
        new("Оплата", "Если платёж не отображается, подождите до 24 часов: банк передаёт сведения о платеже с задержкой."),
        new("Проверяю", "Спасибо, проверяю информацию. Это займёт пару минут."),
        new("Завершение", "Рады были помочь! Если появятся вопросы, напишите нам снова."),
    ];

    public static ConsoleConfigDto Build(IConfiguration configuration)
    {
        var configured = (configuration.GetSection(Section).Get<List<CannedReplyOptions>>() ?? [])
            .Where(c => !string.IsNullOrWhiteSpace(c.Text))
            .Select(c => new CannedReplyDto(string.IsNullOrWhiteSpace(c.Title) ? Shorten(c.Text) : c.Title.Trim(), c.Text.Trim()))
            .ToList();
        return new ConsoleConfigDto(configured.Count > 0 ? configured : Defaults,
            QueueCatalog.All.Select(q => new ConsoleQueueDto(q.Id, q.NameRu)).ToList());
    }

    private static string Shorten(string text) => text.Length <= 30 ? text.Trim() : text[..30].Trim() + "…";
}
