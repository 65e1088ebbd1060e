using System.Text.Json;
using GosChat.Domain.Calls;
using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Serialization;
using GosChat.Domain.Sessions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Api.Ivr;

/// <summary>
/// When an operator accepts a call and a webhook is configured, a durable job (retried by Hangfire with back-off) tells
/// the telephony side where to bridge. The job id is per acceptance, so a retried accept schedules the same job again
/// rather than a second one. (The deadlines an accepted call meets are the domain's: DeadlineObserver.)
/// </summary>
public sealed class CallConnectedObserver(
    IJobScheduler jobs,
    IClock clock,
    IOptionsMonitor<IvrSettings> settings) : ISessionObserver
{
    public async Task AcceptedAsync(Session session)
    {
        if (session.Channel != Channel.Call || session.CallId is null) return;
        if (string.IsNullOrWhiteSpace(settings.CurrentValue.Webhook.Url)) return;
        var body = JsonSerializer.Serialize(
            new CallConnectedWebhook(session.CallId, CallStates.Connected, session.OperatorId ?? "", session.Ticket, session.Queue),
            DomainJson.Options);
        var accepted = (session.AssignedAt ?? clock.GetCurrentInstant()).ToUnixTimeMilliseconds();
        await jobs.ScheduleAsync(new DelayedJob($"ivr-webhook:{session.Id}:{accepted}", CallWebhookHandler.JobType, body, clock.GetCurrentInstant()));
    }
}
