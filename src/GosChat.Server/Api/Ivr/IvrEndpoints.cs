using GosChat.Domain.Calls;

namespace GosChat.Server.Api.Ivr;

/// <summary>The telephony API (/api/ivr): thin — validate the key, translate, delegate to <see cref="IvrService"/>.</summary>
public static partial class IvrEndpoints
{
    public static RouteGroupBuilder MapIvrCalls(this IEndpointRouteBuilder app)
    {
        var ivr = app.MapGroup("/api/ivr").AddEndpointFilter<RequireApiKey>().WithTags("IVR");

        ivr.MapPost("/calls", async (IvrCallRequest? body, IvrService calls, CallbackService callbacks, ILogger<IvrService> logger) =>
            {
                var routing = await calls.RouteAsync(body?.CallId, body?.Caller, body?.Dialed, body?.Choices?.ToDomain());
                Log.Routed(logger, routing.Action.ToString().ToLowerInvariant(), routing.Queue ?? "-", routing.Overloaded);
                var answer = IvrCallAnswer.From(routing, body!.CallId!);
                // Where a callback is offered, the next free slots come with it, so the menu can offer them at once.
                if (answer.Options?.Contains("callback") == true && routing.Queue is { } queue)
                    answer = answer with
                    {
                        Slots = (await callbacks.NextFreeSlotsAsync(queue)).Select(s => new CallbackSlotDto(s.Start, s.End, s.Capacity, s.Free)).ToList(),
                    };
                return TypedResults.Ok(answer);
            })
            .WithName("IvrRouteCall")
            .WithSummary("Route a call by the extension the caller keyed")
            .WithDescription("Header X-Api-Key required. `dialed` may be a bare extension (\"101\") or a whole dial string " +
                             "(\"+7 (495) 123-45-67 101\", \"8-800-555-35-35 доб. 103\", \"ext 102\"); the extension is the trailing 3-digit group. " +
                             "Answers `enqueue` (ticket, position, estimatedWaitSeconds, overloaded + options [\"callback\"] when the wait exceeds the answer deadline), " +
                             "`closed` (nextOpening, options [\"voicemail\",\"callback\"]), `reprompt` (menu), or with `choices` `prompt` (the next menu question). Idempotent on callId. " +
                             "The number before the extension picks the line (GosChat:Lines, docs/lines.md): its menu, queues and hours; every answer carries `line`.")
            .Accepts<IvrCallRequest>("application/json")
            .Produces<IvrCallAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        ivr.MapGet("/calls/{callId}", async (string callId, IvrService calls) =>
                TypedResults.Ok(CallStatusDto.From(await calls.GetAsync(callId))))
            .WithName("IvrGetCall")
            .WithSummary("Follow a call: queued, offered, connected (with the operator id) or ended")
            .Produces<CallStatusDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        ivr.MapPost("/calls/{callId}/events", async (string callId, CallEventRequest? body, IvrService calls, ILogger<IvrService> logger) =>
            {
                var status = await calls.EventAsync(callId, body?.Type);
                if (body?.Type == "hangup" && status.Session.CloseReason == CallCloseReasons.Abandoned)
                    Log.Abandoned(logger, status.Session.Queue, status.WaitSeconds);
                return TypedResults.Ok(CallStatusDto.From(status));
            })
            .WithName("IvrCallEvent")
            .WithSummary("Tell GosChat what happened on the line: answered (bridged to the operator) or hangup")
            .WithDescription("hangup while queued or offered closes the call as abandoned (the wait is recorded and the call leaves the queue at once); " +
                             "hangup while connected ends it and frees the operator; repeated hangups answer the ended call. " +
                             "answered confirms a connected call (409 if no operator has accepted it).")
            .Accepts<CallEventRequest>("application/json")
            .Produces<CallStatusDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        ivr.MapPost("/voicemail", async (VoicemailRequest? body, IvrService calls) =>
            {
                var (session, from) = await calls.VoicemailAsync(body?.CallId, body?.Caller, body?.Dialed, body?.RecordingUrl, body?.Kind);
                var answer = new VoicemailAnswer(session.CallId!, session.Ticket, session.Queue,
                    session.State.ToString().ToLowerInvariant(), from);
                return TypedResults.Created($"/api/ivr/calls/{Uri.EscapeDataString(session.CallId!)}", answer);
            })
            .WithName("IvrVoicemail")
            .WithSummary("Leave a voice message out of hours: it becomes a call back on the next working day")
            .WithDescription("The message becomes a call-type session of the dialled queue (101 if none) that waits, deferred, " +
                             "for the next opening and is offered to operators first then; its deadlines run from the opening. Idempotent on callId.")
            .Accepts<VoicemailRequest>("application/json")
            .Produces<VoicemailAnswer>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return ivr;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Call routed: {Action} queue {Queue}, overloaded {Overloaded}")]
        public static partial void Routed(ILogger logger, string action, string queue, bool overloaded);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Call abandoned in queue {Queue} after {WaitSeconds} s")]
        public static partial void Abandoned(ILogger logger, string queue, int waitSeconds);
    }
}
