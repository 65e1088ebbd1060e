using System.Globalization;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Requests;

/// <summary>
/// The texts of notices, in Russian or English for English-speaking citizens. They carry the ticket, code, status and
/// due time only: no name, no answer text, nothing beyond what the citizen gave.
/// </summary>
public static class RequestNoticeText
{
    private static readonly LocalDateTimePattern DueFormat = LocalDateTimePattern.CreateWithInvariantCulture("dd.MM.yyyy HH:mm");

    public static Notification Build(ServiceRequest request, RequestNotice notice, DateTimeZone zone)
    {
        var en = request.Language == Languages.English;
        var ticket = request.Ticket;
        var text = notice.Purpose switch
        {
            RequestNotices.OpenedPurpose => en
                ? $"Your request {ticket} has been received. Access code: {notice.Code}. We will answer by {Due(request, zone)}."
                : $"Ваше обращение {ticket} принято. Код доступа: {notice.Code}. Ответим до {Due(request, zone)}.",
            RequestNotices.StatusPurpose => en
                ? $"Request {ticket}: {StatusEn(notice.Status ?? request.Status)}."
                : $"Обращение {ticket}: {StatusRu(notice.Status ?? request.Status)}.",
            RequestNotices.AnswerPurpose => en
                ? $"There is an answer to your request {ticket}. Open it under \"My requests\" with your access code."
                : $"По обращению {ticket} есть ответ. Откройте его в разделе «Мои обращения» по коду доступа.",
            _ => en
                ? $"Request {ticket} is waiting for your reply. Without it we cannot go on."
                : $"Обращение {ticket} ждёт вашего ответа. Без него мы не сможем продолжить.",
        };
        return new Notification(request.Phone ?? "", notice.Purpose, ticket, text, notice.Code)
        {
            Email = request.Email,
            Subject = en ? $"Request {ticket}" : $"Обращение {ticket}",
        };
    }

    private static string Due(ServiceRequest request, DateTimeZone zone) => DueFormat.Format(request.DueAt.InZone(zone).LocalDateTime)
        + " (" + zone.Id.ToString(CultureInfo.InvariantCulture) + ")";

    private static string StatusRu(RequestStatus status) => status switch
    {
        RequestStatus.Received => "принято",
        RequestStatus.InProgress => "в работе",
        RequestStatus.WaitingForCitizen => "ждёт вашего ответа",
        RequestStatus.Resolved => "выполнено",
        _ => "отклонено",
    };

    private static string StatusEn(RequestStatus status) => status switch
    {
        RequestStatus.Received => "received",
        RequestStatus.InProgress => "in progress",
        RequestStatus.WaitingForCitizen => "waiting for your reply",
        RequestStatus.Resolved => "resolved",
        _ => "declined",
    };
}
