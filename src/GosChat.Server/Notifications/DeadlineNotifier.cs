using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using NodaTime;

namespace GosChat.Server.Notifications;

/// <summary>Pushes deadline warnings to the operator holding a session (or supervisors) and breaches to supervisors.</summary>
public sealed partial class DeadlineNotifier(
    IHubContext<OperatorHub, IOperatorClient> operators,
    QueueStatsPublisher stats,
    Metrics.GosChatMetrics metrics,
    ILogger<DeadlineNotifier> logger) : IDeadlineNotifier
{
    public async Task WarningAsync(Session session, DeadlineKind kind, Instant dueAt, string? operatorId)
    {
        var dto = new DeadlineWarningDto(session.Id, DeadlineNames.Of(kind), dueAt, DeadlineBreach.IdOf(session.Id, kind) + ":warning");
        LogWarning(logger, session.Id, DeadlineNames.Of(kind), operatorId ?? "supervisors");
        if (operatorId is not null) await operators.Clients.User(operatorId).DeadlineWarning(dto);
        else await operators.Clients.Group(OperatorHub.SupervisorsGroup).DeadlineWarning(dto);
    }

    public async Task BreachedAsync(Session session, DeadlineBreach breach)
    {
        LogBreach(logger, session.Id, session.Queue, DeadlineNames.Of(breach.Kind), breach.LateBySeconds);
        stats.MarkDirty();
        metrics.Breached(session.Queue, DeadlineNames.Of(breach.Kind));
        await operators.Clients.Group(OperatorHub.SupervisorsGroup).DeadlineBreached(new DeadlineBreachedDto(
            session.Id, session.Ticket, session.Queue, DeadlineNames.Of(breach.Kind), breach.DueAt, breach.LateBySeconds,
            DeadlineBreach.IdOf(session.Id, breach.Kind)));
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Deadline {Deadline} of session {SessionId} is near; warned {Recipient}")]
    private static partial void LogWarning(ILogger logger, string sessionId, string deadline, string recipient);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Deadline {Deadline} of session {SessionId} in queue {Queue} missed by {LateBySeconds} s; escalated")]
    private static partial void LogBreach(ILogger logger, string sessionId, string queue, string deadline, long lateBySeconds);
}
