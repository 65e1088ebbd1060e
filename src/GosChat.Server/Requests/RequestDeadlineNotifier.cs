using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using NodaTime;

namespace GosChat.Server.Requests;

/// <summary>
/// Request deadlines on the chat deadlines' events: <c>DeadlineWarning</c> to the assignee and <c>DeadlineBreached</c> to
/// the supervisors, both with deadline <c>request</c>, the request's ticket and its first session's id.
/// </summary>
public sealed partial class RequestDeadlineNotifier(IHubContext<OperatorHub, IOperatorClient> operators, ILogger<RequestDeadlineNotifier> logger)
    : IRequestDeadlineNotifier
{
    public const string DeadlineName = "request";

    public async Task WarningAsync(ServiceRequest request)
    {
        if (request.AssigneeId == ServiceRequest.NoAssignee) return; // a written request nobody has taken on: the breach tells the supervisors
        LogWarning(logger, request.Ticket, request.AssigneeId);
        await operators.Clients.User(request.AssigneeId).DeadlineWarning(
            new DeadlineWarningDto(FirstSession(request), DeadlineName, request.DueAt, BreachId(request) + ":warning") { Ticket = request.Ticket });
    }

    public async Task BreachedAsync(ServiceRequest request, Instant recordedAt)
    {
        var late = (long)(recordedAt - request.DueAt).TotalSeconds;
        LogBreach(logger, request.Ticket, request.Queue, late);
        await operators.Clients.Group(OperatorHub.SupervisorsGroup).DeadlineBreached(new DeadlineBreachedDto(
            FirstSession(request), request.Ticket, request.Queue, DeadlineName, request.DueAt, late, BreachId(request)));
    }

    public static string BreachId(ServiceRequest request) => "request:" + request.Ticket;

    private static string FirstSession(ServiceRequest request) => request.SessionIds.Count > 0 ? request.SessionIds[0] : "";

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Deadline of request {Ticket} is near; warned {Recipient}")]
    private static partial void LogWarning(ILogger logger, string ticket, string recipient);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Deadline of request {Ticket} in queue {Queue} missed by {LateBySeconds} s; supervisors told")]
    private static partial void LogBreach(ILogger logger, string ticket, string queue, long lateBySeconds);
}
