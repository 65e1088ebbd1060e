using GosChat.Domain.Calls;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Server.Api.Ivr;

// Payloads of the telephony API (CONTRACT.md "Telephony (IVR)", extensions in docs/ivr.md). camelCase, nulls omitted.

/// <summary>POST /api/ivr/calls: a call to route.</summary>
/// <param name="CallId">The telephony platform's id of the call (e.g. Asterisk's UNIQUEID); repeated posts with it return the same call.</param>
/// <param name="Caller">The caller's number as the line gives it; unusable values ("anonymous") are ignored.</param>
/// <param name="Dialed">What the caller keyed after the main line: "101" or a whole dial string.</param>
/// <param name="Choices">Extension: the voice menu's choices; present (even empty) = run the menu (docs/ivr.md).</param>
public sealed record IvrCallRequest(string? CallId, string? Caller, string? Dialed, IvrChoicesDto? Choices = null);

/// <summary>The caller's menu choices: keys pressed ("3") or values ("tt"); <c>urgent</c> is the "account taken over" option.</summary>
public sealed record IvrChoicesDto(string? Language, string? Kind, bool? Urgent, string? Ticket)
{
    public IvrChoices ToDomain() => new(Language, Kind, Urgent, Ticket);
}

/// <summary>A prompt to play: its name, the keys and what each selects, and the answer that did not fit (to say so).</summary>
public sealed record IvrPromptDto(string Name, IReadOnlyList<IvrOption> Options, string? Invalid);

/// <summary>One entry of the voice menu; <c>queue</c> (extension) is the queue the extension reaches on this line.</summary>
public sealed record IvrMenuItem(string Extension, string Name, string NameEn, string? Queue = null);

/// <summary>Where the call goes: enqueue (with ticket, place and wait), closed (next opening, options) or reprompt (menu).</summary>
public sealed record IvrCallAnswer(
    string Action,
    string? CallId = null,
    string? Queue = null,
    string? Ticket = null,
    int? Position = null,
    int? EstimatedWaitSeconds = null,
    Instant? NextOpening = null,
    bool? Overloaded = null,
    string? State = null,
    IReadOnlyList<string>? Options = null,
    IReadOnlyList<IvrMenuItem>? Menu = null,
    IvrPromptDto? Prompt = null,
    string? Language = null,
    string? Kind = null,
    bool? Urgent = null,
    IReadOnlyList<CallbackSlotDto>? Slots = null,
    string? OperatorId = null,
    string? Line = null)
{
    public static IvrCallAnswer From(CallRouting r, string callId) => Of(r, callId) with { Line = r.Line?.Id };

    private static IvrCallAnswer Of(CallRouting r, string callId) => r.Action switch
    {
        CallAction.Enqueue => new("enqueue", callId, r.Queue, r.Session!.Ticket, r.Position, r.EstimatedWaitSeconds,
            Overloaded: r.Overloaded, State: CallStates.Of(r.Session), Options: r.Overloaded ? ["callback"] : [],
            Language: r.Session.Language, Kind: r.Session.Kind.ToString().ToLowerInvariant(), Urgent: r.Session.Critical),
        CallAction.Connect => new("connect", callId, r.Queue, r.Session!.Ticket, State: ChatToVoice.StateOf(r.Session),
            Language: r.Session.Language, OperatorId: r.Session.OperatorId),
        CallAction.Prompt => new("prompt", callId, r.Queue, Prompt: new IvrPromptDto(r.Prompt!.Name, r.Prompt.Options, r.Prompt.Invalid)),
        CallAction.Closed => new("closed", callId, r.Queue, NextOpening: r.NextOpening, Options: ["voicemail", "callback"]),
        _ => new("reprompt", callId, Menu: (r.Line?.Menu ?? QueueCatalog.Ids.Select(q => new KeyValuePair<string, string>(q, q)).ToList())
            .Select(m => QueueCatalog.Get(m.Value) is var q ? new IvrMenuItem(m.Key, q.NameRu, q.NameEn, q.Id) : null!).ToList()),
    };
}

/// <summary>A call as the telephony side follows it.</summary>
/// <param name="State">queued | offered | connected | ended.</param>
/// <param name="OperatorId">The operator who accepted it (connected, and ended after a conversation).</param>
/// <param name="WaitSeconds">Seconds in the queue: until answered, until hung up, or so far.</param>
/// <param name="EndReason">ended only: "abandoned" (hung up while waiting), "hangup", "operator" (closed by the operator).</param>
/// <param name="Position">GET while queued or offered: the live place in the queue (1 = next); omitted otherwise.</param>
/// <param name="EstimatedWaitSeconds">GET while queued or offered: the live estimate of the wait ahead; omitted otherwise.</param>
public sealed record CallStatusDto(string CallId, string State, string? OperatorId, string Ticket, string Queue, int WaitSeconds, string? EndReason,
    int? Position = null, int? EstimatedWaitSeconds = null)
{
    public static CallStatusDto From(CallStatus s) => new(s.CallId, s.State, s.Session.OperatorId, s.Session.Ticket, s.Session.Queue,
        s.WaitSeconds, s.Session.State == SessionState.Closed ? s.Session.CloseReason : null, s.Position, s.EstimatedWaitSeconds);
}

/// <summary>POST /api/ivr/calls/{callId}/events.</summary>
/// <param name="Type">"answered" (bridged to the operator) or "hangup".</param>
public sealed record CallEventRequest(string? Type);

/// <summary>POST /api/ivr/voicemail: a voice message left out of hours.</summary>
public sealed record VoicemailRequest(string? CallId, string? Caller, string? Dialed, string? RecordingUrl, string? Kind = null);

/// <summary>The voice message became a call-back request: deferred until <see cref="CallbackFrom"/> (the next opening).</summary>
public sealed record VoicemailAnswer(string CallId, string Ticket, string Queue, string State, Instant? CallbackFrom);

/// <summary>POST /api/callbacks.</summary>
/// <param name="SlotStart">ISO-8601 instant at which a slot starts (see GET /api/callbacks/slots).</param>
/// <param name="CallId">Optional, IVR only: the call during which the caller chose a callback.</param>
public sealed record CallbackBookRequest(string? Phone, string? Queue, string? SlotStart, string? Name, string? CallId, string? Kind = null);

/// <summary>PUT /api/callbacks/{ticket}: any of a new slot, phone or name.</summary>
public sealed record CallbackUpdateRequest(string? SlotStart, string? Phone, string? Name);

/// <summary>POST /api/callbacks/{ticket}/confirm: the one-time code sent to the booking's phone.</summary>
public sealed record CallbackConfirmRequest(string? Code);

/// <summary>A callback booking. The phone is shown masked; <see cref="CallbackId"/> is the key to read, move or cancel it.</summary>
/// <param name="State">pending (waiting for its code; holds no place) | booked | queued (its slot came; it is in the queue) |
/// cancelled | expired (never confirmed).</param>
/// <param name="ConfirmBy">pending only: the code is accepted until then.</param>
public sealed record CallbackDto(
    string Ticket, string? CallbackId, string Queue, Instant SlotStart, Instant SlotEnd, string State, string Phone, string? Name,
    string Source, string? CallId, Instant? ConfirmBy = null)
{
    public static CallbackDto From(CallbackBooking b, bool withKey) => new(
        b.Ticket, withKey ? b.CallbackId : null, b.Queue, b.SlotStart, b.SlotEnd, b.State.ToString().ToLowerInvariant(),
        ContactDetails.Mask(b.Phone), b.Name, b.Source, b.State == CallbackState.Queued ? CallbackService.CallIdOf(b.Ticket) : null,
        b.State == CallbackState.Pending ? b.ConfirmBy : null);
}

/// <summary>One bookable slot and the places left.</summary>
public sealed record CallbackSlotDto(Instant SlotStart, Instant SlotEnd, int Capacity, int Free);

/// <summary>The body of the connected-call webhook.</summary>
public sealed record CallConnectedWebhook(string CallId, string State, string OperatorId, string Ticket, string Queue);
