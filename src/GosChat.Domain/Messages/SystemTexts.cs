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

    public static string CallRequested(string language) => En(language)
        ? "We are calling you now at the number you confirmed."
        : "Сейчас мы позвоним вам по подтверждённому номеру.";

    public static string CallConnected(string language) => En(language)
        ? "The call is connected; this conversation goes on by phone."
        : "Звонок соединён, разговор продолжается по телефону.";

    public static string CallEnded(string language) => En(language)
        ? "The call has ended. You can go on writing here."
        : "Звонок завершён. Можно продолжить переписку здесь.";

    public static string Deferred(string language) => En(language)
        ? "The line is closed now. Your message is kept and will be answered as soon as operators start work."
        : "Сейчас операторы не работают. Ваше сообщение сохранено, на него ответят сразу после начала работы.";

    /// <summary>
    /// Told to a citizen whose language nobody on duty speaks, in that language: an operator of the fallback language
    /// (Russian by default) will answer.
    /// </summary>
    public static string LanguageFallback(string language, string fallback)
    {
        var russian = fallback == Languages.Russian;
        return language switch
        {
            Languages.English => russian
                ? "No operator who speaks English is on duty now. So as not to keep you waiting, an operator will answer you in Russian."
                : "No operator who speaks English is on duty now. So as not to keep you waiting, an operator will answer you in another language.",
            Languages.Tatar => russian
                ? "Хәзер татарча сөйләшүче оператор юк. Сезне озак көттермәс өчен, сезгә рус телендә җавап бирәчәкләр."
                : "Хәзер татарча сөйләшүче оператор юк. Сезне озак көттермәс өчен, сезгә башка телдә җавап бирәчәкләр.",
            Languages.Bashkir => russian
                ? "Хәҙер башҡортса һөйләшкән оператор юҡ. Һеҙҙе оҙаҡ көттөрмәҫ өсөн, һеҙгә рус телендә яуап бирәсәктәр."
                : "Хәҙер башҡортса һөйләшкән оператор юҡ. Һеҙҙе оҙаҡ көттөрмәҫ өсөн, һеҙгә башҡа телдә яуап бирәсәктәр.",
            _ => "Сейчас нет оператора, говорящего на вашем языке. Чтобы вы не ждали, вам ответит оператор на русском языке.",
        };
    }
}
