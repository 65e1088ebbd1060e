using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Messages;

/// <summary>Texts of system messages, in English for English sessions and in Russian otherwise.</summary>
public static class SystemTexts
{
    private static bool En(string language) => language == Languages.English;

    public static string OperatorGone(string language) => En(language)
        ? "The operator was disconnected. You are back at the head of the queue; the conversation is kept."
        : "Оператор отключился. Вы возвращены в начало очереди, история диалога сохранена.";

    public static string Transferred(string language, string queue)
    {
        if (queue == QueueCatalog.SeniorTier)
            return En(language) ? "Your request was passed to a senior specialist. Please wait." : "Обращение передано старшему специалисту. Пожалуйста, подождите.";
        var info = QueueCatalog.Get(queue);
        return En(language)
            ? $"Your request was transferred to \"{info.NameEn}\" ({queue}). Please wait."
            : $"Обращение передано в отдел «{info.NameRu}» ({queue}). Пожалуйста, подождите.";
    }

    public static string Deferred(string language) => En(language)
        ? "The line is closed now. Your message is kept and will be answered as soon as operators start work."
        : "Сейчас операторы не работают. Ваше сообщение сохранено, на него ответят сразу после начала работы.";
}
