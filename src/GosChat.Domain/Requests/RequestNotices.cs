using System.Text.Json;
using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Serialization;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// Tells the citizen about their request, to the contact they gave in the chat: the ticket (and access code) when it
/// opens, each status change, a new answer (that there is one, not its text), and the reminder when it waits on them.
/// Each notice is first put on the card (<see cref="RequestNotice"/>), then sent by a job
/// (<see cref="RequestJobs.NoticeType"/>, id <c>request:{ticket}:notice:{seq}</c>) that carries only the ticket and the
/// notice's number: <see cref="RequestNoticeHandler"/> builds the text from the card, and Hangfire retries it with
/// back-off until every channel took it.
/// </summary>
public sealed class RequestNotices(IRequestStore store, IJobScheduler jobs, IClock clock) : IRequestObserver
{
    public const string OpenedPurpose = "request-opened";
    public const string StatusPurpose = "request-status";
    public const string AnswerPurpose = "request-answer";
    public const string ReminderPurpose = "request-reminder";
    private const int MaxAttempts = 5;

    public Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode) =>
        QueueAsync(request.Ticket, OpenedPurpose, null, accessCode);

    public Task StatusChangedAsync(ServiceRequest request) => QueueAsync(request.Ticket, StatusPurpose, request.Status, null);

    public Task AnsweredAsync(ServiceRequest request) => QueueAsync(request.Ticket, AnswerPurpose, null, null);

    /// <summary>Sends the notice <paramref name="seq"/> already stored on the card (e.g. with the reminder's own change).</summary>
    public Task ScheduleAsync(string ticket, int seq) =>
        jobs.ScheduleAsync(new DelayedJob(RequestJobs.NoticeId(ticket, seq), RequestJobs.NoticeType,
            JsonSerializer.Serialize(new RequestNoticeJob(ticket, seq), DomainJson.Options), clock.GetCurrentInstant()));

    private async Task QueueAsync(string ticket, string purpose, RequestStatus? status, string? code)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(ticket);
            if (current is null) return;
            var (next, seq) = current.WithNotice(purpose, clock.GetCurrentInstant(), status, code);
            if (seq is null) return; // no phone, no e-mail: nobody to tell
            if (await store.SaveAsync(next))
            {
                await ScheduleAsync(ticket, seq.Value);
                return;
            }
        }
        throw DomainException.Conflict(ErrorCodes.Contention, "The request changed too often while its notice was being stored; please retry.");
    }
}

/// <summary>What a notice job carries: the ticket and the notice's number on the card (no personal data).</summary>
public sealed record RequestNoticeJob(string Ticket, int Seq);

/// <summary>A notice not taken by some channel: the job fails and Hangfire retries it (the message names no personal data).</summary>
public sealed class NoticeNotDeliveredException(string message, Exception? inner) : Exception(message, inner);

/// <summary>
/// Runs <see cref="RequestJobs.NoticeType"/>: reads the card, builds the notice's text (<see cref="RequestNoticeText"/>),
/// sends it by each channel it has not gone by yet, records each delivery on the card at once, and marks it done when
/// every channel took it. A channel that fails fails the run, so Hangfire retries it with back-off; a notice already
/// done, or a card erased meanwhile, is left alone. Idempotent: a repeated run sends nothing twice after a recorded success.
/// </summary>
public sealed class RequestNoticeHandler(IRequestStore store, INotificationChannels channels, DateTimeZone zone) : IJobHandler
{
    private const int MaxAttempts = 5;

    public string Kind => RequestJobs.NoticeType;

    public async Task HandleAsync(DelayedJob job, CancellationToken ct)
    {
        var ids = JsonSerializer.Deserialize<RequestNoticeJob>(job.Payload, DomainJson.Options) ?? throw new JsonException("Empty notice job payload.");
        var request = await store.GetAsync(ids.Ticket);
        if (request?.Notices.FirstOrDefault(n => n.Seq == ids.Seq) is not { Done: false } notice) return;
        var notification = RequestNoticeText.Build(request, notice, zone);
        Exception? failed = null;
        string? failedChannel = null;
        foreach (var channel in channels.ChannelsFor(notification))
        {
            if (notice.Delivered.Contains(channel)) continue;
            try
            {
                await channels.SendAsync(notification, channel, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                (failed, failedChannel) = (ex, channel);
                continue;
            }
            await RecordAsync(ids, r => r.WithNoticeDelivered(ids.Seq, channel));
        }
        if (failed is not null)
            throw new NoticeNotDeliveredException($"Notice {ids.Seq} of request {ids.Ticket} not delivered by {failedChannel}: {failed.GetType().Name}.", failed);
        await RecordAsync(ids, r => r.WithNoticeDone(ids.Seq));
    }

    private async Task RecordAsync(RequestNoticeJob ids, Func<ServiceRequest, ServiceRequest> change)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(ids.Ticket);
            if (current is null) return;
            var next = change(current);
            if (ReferenceEquals(next, current) || await store.SaveAsync(next)) return;
        }
        throw new InvalidOperationException($"Request {ids.Ticket} changed too often while notice {ids.Seq} was being recorded; the job is retried.");
    }
}
