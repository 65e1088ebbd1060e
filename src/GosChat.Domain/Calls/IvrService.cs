using System.Text.RegularExpressions;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Lines;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Calls;

public enum CallAction
{
    Enqueue,
    Closed,
    Reprompt,
    /// <summary>The voice menu needs another choice: play <see cref="CallRouting.Prompt"/>.</summary>
    Prompt,
    /// <summary>A chat's call to its citizen (chat to voice): joined to the session, bridge it to the session's operator.</summary>
    Connect,
}

/// <summary>
/// The answer to the telephony side about one call.
/// </summary>
/// <param name="Session">The call's session (Enqueue only).</param>
/// <param name="Overloaded">The estimated wait is beyond the answer deadline: offer a callback.</param>
/// <param name="NextOpening">Closed: when the queue opens next.</param>
/// <param name="Queue">The queue the dial string selected (Enqueue and Closed).</param>
public sealed record CallRouting(
    CallAction Action, string? Queue, Session? Session, int Position, int EstimatedWaitSeconds, bool Overloaded, Instant? NextOpening,
    IvrPrompt? Prompt = null)
{
    /// <summary>The line the dialled number reached (docs/ivr.md, "Lines"); its menu is the reprompt's.</summary>
    public Line? Line { get; init; }
}

/// <summary>A call as the telephony side follows it.</summary>
/// <param name="WaitSeconds">How long the caller waited in the queue: until answered, until hung up, or so far.</param>
/// <param name="Position">While waiting (queued or offered): the call's live place in its queue (1 = next); else null.</param>
/// <param name="EstimatedWaitSeconds">While waiting: the live estimate of the wait still ahead; else null.</param>
public sealed record CallStatus(string CallId, string State, Session Session, int WaitSeconds, int? Position = null, int? EstimatedWaitSeconds = null);

/// <summary>
/// Routes phone calls by the extension the caller keyed, follows them through the queue, and takes voicemail
/// out of hours. Calls are ordinary sessions of channel Call in the same queues as chats.
/// </summary>
/// <param name="lines">The configured lines (null = the implicit default line only: every queue, its own hours).</param>
/// <param name="lineHours">Hours through a line (null = the queues' hours with no language windows for line schedules).</param>
public sealed partial class IvrService(ContactCentre centre, IDeadlineScheduler deadlines, CallOptions options, ChatToVoice? voice = null,
    LineDirectory? lines = null, LineHours? lineHours = null)
{
    private readonly LineDirectory _lines = lines ?? LineDirectory.Unconfigured;
    private readonly LineHours _lineHours = lineHours ?? new LineHours(centre.Hours);

    public const int MaxCallIdLength = 128;
    public const int MaxRecordingLength = 1000;

    /// <param name="choices">The voice menu's choices (docs/ivr.md); null: no menu, the call is Russian, a question, not urgent.</param>
    public async Task<CallRouting> RouteAsync(string? callId, string? caller, string? dialed, IvrChoices? choices = null)
    {
        callId = ValidateCallId(callId);
        if (await FindAsync(callId) is { } existing)
        {
            if (voice is not null && ChatToVoice.IsVoiceCallOf(existing, callId))
                return new CallRouting(CallAction.Connect, existing.Queue, await voice.JoinAsync(existing), 0, 0, false, null);
            return await EnqueuedAsync(existing, overloadedAtStart: null);
        }

        var call = _lines.Resolve(dialed);
        var line = call.Line;
        if (call.Queue is not { } queue) return new CallRouting(CallAction.Reprompt, null, null, 0, 0, false, null) { Line = line };

        var selection = new IvrSelection(Languages.Russian, "question", false, null);
        if (choices is not null)
        {
            var (prompt, selected) = IvrMenu.Read(choices);
            if (prompt is not null) return new CallRouting(CallAction.Prompt, queue, null, 0, 0, false, null, prompt) { Line = line };
            selection = selected!;
        }

        var now = centre.Clock.GetCurrentInstant();
        if (!_lineHours.IsOpen(line, queue, Channel.Call, selection.Language, selection.Urgent, now))
            return new CallRouting(CallAction.Closed, queue, null, 0, 0, false,
                _lineHours.NextOpening(line, queue, Channel.Call, selection.Language, selection.Urgent, now)) { Line = line };

        var (session, created, position, estimate) = await StartOnceAsync(new StartRequest
        {
            Topic = queue,
            Channel = Channel.Call,
            CallId = callId,
            Phone = LenientPhone(caller),
            VerifiedCaller = LenientPhone(caller),
            Language = selection.Language,
            Kind = selection.Kind,
            Critical = selection.Urgent,
            Ticket = selection.Ticket,
            // A line with its own hours has decided: the call is taken now, whatever the queue's own phone hours say.
            OpenByLine = line.Schedule is null ? null : true,
        });
        if (!created) return await EnqueuedAsync(session, overloadedAtStart: null) with { Line = line };
        var overloaded = estimate > options.AnswerDeadline.TotalSeconds;
        if (overloaded) await deadlines.StartAsync(session, DeadlineKind.CallbackConfirmation, now);
        return new CallRouting(CallAction.Enqueue, queue, session, position, estimate, overloaded, null) { Line = line };
    }

    /// <summary>The call's state, and while it waits its live place and estimate (the platform announces them on every poll).</summary>
    public async Task<CallStatus> GetAsync(string? callId)
    {
        var session = await GetSessionAsync(callId);
        var status = Status(session);
        if (!session.IsWaiting) return status;
        var place = centre.Metrics.Places(await centre.Store.LoadSnapshotAsync()).GetValueOrDefault(session.Id);
        return status with { Position = place?.Position ?? 0, EstimatedWaitSeconds = place?.EstimatedWaitSeconds ?? 0 };
    }

    /// <summary>"answered": the bridge to the operator is up (the call must be connected). "hangup": the call ends wherever it is.</summary>
    public async Task<CallStatus> EventAsync(string? callId, string? type)
    {
        if (type is not ("answered" or "hangup"))
            throw DomainException.BadRequest(ErrorCodes.BadEventType, "type must be \"answered\" or \"hangup\".");
        var session = await GetSessionAsync(callId);
        if (voice is not null && ChatToVoice.IsVoiceCallOf(session, callId!))
            return Status(type == "answered" ? await voice.JoinAsync(session) : await voice.HangupAsync(session));
        if (type == "answered")
        {
            return session.State switch
            {
                SessionState.Active => Status(session),
                SessionState.Closed => throw DomainException.Conflict(ErrorCodes.CallEnded, "The call has already ended."),
                _ => throw DomainException.Conflict(ErrorCodes.CallNotConnected, "No operator has accepted this call yet."),
            };
        }

        for (var attempt = 0; attempt < 5 && session.State != SessionState.Closed; attempt++)
        {
            var reason = session.State == SessionState.Active ? CallCloseReasons.Hangup : CallCloseReasons.Abandoned;
            try
            {
                session = await centre.Citizens.CloseAsync(session.Id, reason);
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                // Accepted or closed meanwhile: look again and close what it is now.
                session = await centre.Store.GetSessionAsync(session.Id) ?? session;
            }
        }
        return Status(session);
    }

    /// <summary>
    /// A voice message left out of hours: it becomes a call-type session of the dialled queue (101 when the dial
    /// string names none) that waits, deferred, for the queue's next opening and is then offered first, so the
    /// operator calls back on the next working day. Idempotent on the call id.
    /// </summary>
    /// <param name="kind">The caller's choice in the voice menu (docs/ivr.md): 1/application, 2/complaint, 3/question (default); the ticket's first digit.</param>
    public async Task<(Session Session, Instant? CallbackFrom)> VoicemailAsync(string? callId, string? caller, string? dialed, string? recordingUrl,
        string? kind = null)
    {
        callId = ValidateCallId(callId);
        var requestKind = RequestKinds.Parse(kind) ?? RequestKind.Question;
        if (string.IsNullOrWhiteSpace(recordingUrl) || recordingUrl.Length > MaxRecordingLength || recordingUrl.Any(char.IsControl))
            throw DomainException.BadRequest(ErrorCodes.BadRecording, $"recordingUrl is required (at most {MaxRecordingLength} characters).");
        var phone = ContactDetails.Phone(caller)
                    ?? throw DomainException.BadRequest(ErrorCodes.BadPhone, "The caller's number is needed to call back.");
        if (await FindAsync(callId) is not { } session)
        {
            var call = _lines.Resolve(dialed);
            var queue = call.Queue ?? call.Line.Queues.FirstOrDefault() ?? QueueCatalog.Default;
            (session, _, _, _) = await StartOnceAsync(new StartRequest
            {
                Topic = queue,
                Channel = Channel.Call,
                CallId = callId,
                Phone = phone,
                VerifiedCaller = phone,
                Kind = RequestKinds.Wire(requestKind),
                Text = "Голосовое сообщение / voice message: " + recordingUrl.Trim(),
            });
        }
        var now = centre.Clock.GetCurrentInstant();
        var from = session.State == SessionState.Deferred
            ? centre.Hours.NextOpening(session.Queue, Channel.Call, session.Language, session.Critical, now)
            : now;
        return (session, from);
    }

    /// <summary>A caller chose a callback during <paramref name="callId"/>: their request is confirmed, so the overload confirmation deadline is met.</summary>
    public async Task CallbackBookedAsync(string callId)
    {
        if (await FindAsync(callId) is { } session)
            await deadlines.StopAsync(session.Id, DeadlineKind.CallbackConfirmation);
    }

    private async Task<(Session Session, bool Created, int Position, int Estimate)> StartOnceAsync(StartRequest request)
    {
        try
        {
            var started = await centre.Citizens.StartAsync(request);
            return (started.Session, true, started.Position, started.EstimatedWaitSeconds);
        }
        catch (DomainException e) when (e.Code == "contention")
        {
            // Another request (maybe on another node) created this call first.
            var raced = await FindAsync(request.CallId!);
            if (raced is null) throw;
            return (raced, false, 0, 0);
        }
    }

    private async Task<CallRouting> EnqueuedAsync(Session session, bool? overloadedAtStart)
    {
        var snapshot = await centre.Store.LoadSnapshotAsync();
        var place = centre.Metrics.PlaceOf(snapshot, session.Id);
        var estimate = place.EstimatedWaitSeconds;
        return new CallRouting(CallAction.Enqueue, session.Queue, session, place.Position, estimate,
            overloadedAtStart ?? estimate > options.AnswerDeadline.TotalSeconds, null);
    }

    private CallStatus Status(Session session)
    {
        var now = centre.Clock.GetCurrentInstant();
        if (session.Voice is { CallId: { } voiceCallId })
            return new CallStatus(voiceCallId, ChatToVoice.StateOf(session), session, 0);
        var waitedUntil = session.AssignedAt ?? session.ClosedAt ?? now;
        var wait = session.State == SessionState.Deferred ? 0 : (int)Math.Max(0, (waitedUntil - session.QueuedAt).TotalSeconds);
        return new CallStatus(session.CallId ?? "", CallStates.Of(session), session, wait);
    }

    private async Task<Session> GetSessionAsync(string? callId)
    {
        callId = ValidateCallId(callId);
        return await FindAsync(callId) ?? throw DomainException.NotFound(ErrorCodes.CallNotFound, "No call with this id is known.");
    }

    private async Task<Session?> FindAsync(string callId) =>
        await centre.Store.FindSessionByCallIdAsync(callId) is { } id ? await centre.Store.GetSessionAsync(id) : null;

    public static string ValidateCallId(string? callId)
    {
        if (string.IsNullOrWhiteSpace(callId) || callId.Length > MaxCallIdLength || !CallIdShape().IsMatch(callId))
            throw DomainException.BadRequest(ErrorCodes.BadCallId, $"callId is required: 1–{MaxCallIdLength} characters of letters, digits and . _ : @ -.");
        return callId;
    }

    /// <summary>A caller id the line could not give ("anonymous", "unknown") is not a refusal: the call is routed without a number.</summary>
    private static string? LenientPhone(string? caller)
    {
        try
        {
            return ContactDetails.Phone(caller);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:@\-]+$")]
    private static partial Regex CallIdShape();
}
