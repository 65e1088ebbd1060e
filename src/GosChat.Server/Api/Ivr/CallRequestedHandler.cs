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
/// Chat to voice (docs/ivr.md): asks the telephony platform to place a chat's call to its citizen with a signed
/// <c>call.requested</c> webhook. The job holds only the session and call ids; the number is read from the session
/// (encrypted at rest) when the webhook is sent, so neither Hangfire's storage nor its dashboard ever holds it.
/// Delivery, signing, https-only and retries are the connected-call webhook's (<see cref="CallWebhookHandler"/>).
/// </summary>
public sealed class CallRequestedHandler(CallWebhookHandler webhook, IRoutingStore store) : IJobHandler
{
    public const string JobType = "ivr.call-requested";
    public const string EventName = "call.requested";

    public string Kind => JobType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var ids = JsonSerializer.Deserialize<CallRequestedJob>(job.Payload, DomainJson.Options)!;
        var session = await store.GetSessionAsync(ids.SessionId);
        // The call was answered, ended or the chat closed meanwhile: nothing left to ask for.
        if (session is not { State: SessionState.Active, Voice: { State: VoiceCallStates.Requested } voice } || voice.CallId != ids.CallId) return;
        var body = JsonSerializer.Serialize(
            new CallRequestedWebhook(EventName, session.Id, session.Ticket, session.Queue, session.Phone ?? "", voice.OperatorId, ids.CallId),
            DomainJson.Options);
        await webhook.SendAsync(job.Id, body, ct);
    }
}

/// <summary>Places chat-to-voice calls through the webhook (when one is configured).</summary>
public sealed class WebhookVoiceCallPlacer(IJobScheduler jobs, IClock clock, IOptionsMonitor<IvrSettings> settings) : IVoiceCallPlacer
{
    public bool IsAvailable => !string.IsNullOrWhiteSpace(settings.CurrentValue.Webhook.Url);

    public Task PlaceAsync(Session session)
    {
        var callId = session.Voice?.CallId ?? throw new InvalidOperationException("The session has no call to place.");
        var payload = JsonSerializer.Serialize(new CallRequestedJob(session.Id, callId), DomainJson.Options);
        return jobs.ScheduleAsync(new DelayedJob($"ivr-call-requested:{callId}", CallRequestedHandler.JobType, payload, clock.GetCurrentInstant()));
    }
}

/// <summary>The job's payload: ids only, no personal data.</summary>
public sealed record CallRequestedJob(string SessionId, string CallId);

/// <summary>The body of the <c>call.requested</c> webhook: call <paramref name="Phone"/> and report the call with <paramref name="CallId"/>.</summary>
public sealed record CallRequestedWebhook(string Event, string SessionId, string Ticket, string Queue, string Phone, string OperatorId, string CallId);
