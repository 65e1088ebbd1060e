using System.Globalization;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Requests;

/// <summary>
/// Tells the citizen about their request through the notification port, to the contact they gave in the chat: the
/// ticket (and access code) when it opens, each status change, a new answer (that there is one, not its text), and the
/// reminder when it waits on them. In Russian, or English for English-speaking citizens. The texts carry the ticket,
/// code, status and due time only: no name, no answer text, nothing beyond what the citizen gave.
/// </summary>
public sealed class RequestNotices(INotificationSender sender, DateTimeZone zone) : IRequestObserver
{
    public const string OpenedPurpose = "request-opened";
    public const string StatusPurpose = "request-status";
    public const string AnswerPurpose = "request-answer";
    public const string ReminderPurpose = "request-reminder";

    private static readonly LocalDateTimePattern DueFormat = LocalDateTimePattern.CreateWithInvariantCulture("dd.MM.yyyy HH:mm");

    public Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode) =>
        SendAsync(request, OpenedPurpose, English(request)
            ? $"Your request {request.Ticket} has been received. Access code: {accessCode}. We will answer by {Due(request)}."
            : $"Ваше обращение {request.Ticket} принято. Код доступа: {accessCode}. Ответим до {Due(request)}.", accessCode);

    public Task StatusChangedAsync(ServiceRequest request) =>
        SendAsync(request, StatusPurpose, English(request)
            ? $"Request {request.Ticket}: {StatusEn(request.Status)}."
            : $"Обращение {request.Ticket}: {StatusRu(request.Status)}.");

    public Task AnsweredAsync(ServiceRequest request) =>
        SendAsync(request, AnswerPurpose, English(request)
            ? $"There is an answer to your request {request.Ticket}. Open it under \"My requests\" with your access code."
            : $"По обращению {request.Ticket} есть ответ. Откройте его в разделе «Мои обращения» по коду доступа.");

    public Task ReminderAsync(ServiceRequest request, CancellationToken ct = default) =>
        SendAsync(request, ReminderPurpose, English(request)
            ? $"Request {request.Ticket} is waiting for your reply. Without it we cannot go on."
            : $"Обращение {request.Ticket} ждёт вашего ответа. Без него мы не сможем продолжить.", ct: ct);

    private async Task SendAsync(ServiceRequest request, string purpose, string text, string? code = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.Phone) && string.IsNullOrWhiteSpace(request.Email)) return;
        await sender.SendAsync(new Notification(request.Phone ?? "", purpose, request.Ticket, text, code)
        {
            Email = request.Email,
            Subject = English(request) ? $"Request {request.Ticket}" : $"Обращение {request.Ticket}",
        }, ct);
    }

    private static bool English(ServiceRequest request) => request.Language == Languages.English;

    private string Due(ServiceRequest request) => DueFormat.Format(request.DueAt.InZone(zone).LocalDateTime)
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
