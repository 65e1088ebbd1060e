using GosChat.Domain.Privacy;
using NodaTime;

namespace GosChat.Domain.Calls;

public enum CallbackState
{
    /// <summary>Waiting for its slot; can be moved or cancelled.</summary>
    Booked,
    /// <summary>Its slot came: it is (or was) a call-type session in its queue.</summary>
    Queued,
    /// <summary>Cancelled by the citizen or the telephony side; its place in the slot is free again.</summary>
    Cancelled,
    /// <summary>
    /// Booked anonymously and waiting for the one-time code sent to its phone: holds no place until confirmed
    /// (then <see cref="Booked"/>).
    /// </summary>
    Pending,
    /// <summary>Never confirmed: its time to confirm passed, or too many wrong codes were tried. Held nothing.</summary>
    Expired,
}

/// <summary>
/// A booked call back: the operator calls <see cref="Phone"/> in the slot starting at <see cref="SlotStart"/>.
/// Identified by its <see cref="Ticket"/>; <see cref="CallbackId"/> is the unguessable key that lets an anonymous
/// booker read, move or cancel it. <see cref="Version"/> is the store's optimistic-concurrency version (0 = new).
/// </summary>
public sealed record CallbackBooking
{
    public required string Ticket { get; init; }
    public required string CallbackId { get; init; }
    public required string Queue { get; init; }
    [PersonalData] public required string Phone { get; init; }
    [PersonalData] public string? Name { get; init; }
    public Instant SlotStart { get; init; }
    public Instant SlotEnd { get; init; }
    public CallbackState State { get; init; }
    /// <summary>"widget" (anonymous) or "ivr" (with an API key) or "voicemail".</summary>
    public string Source { get; init; } = "widget";
    /// <summary>The call the booking was made from, when the IVR booked it during a call.</summary>
    public string? CallId { get; init; }
    /// <summary>The session it became at its slot.</summary>
    public string? SessionId { get; init; }
    public Instant CreatedAt { get; init; }
    public Instant UpdatedAt { get; init; }
    public long Version { get; init; }

    /// <summary>Pending only: hash of the one-time code sent to <see cref="Phone"/> (never the code itself).</summary>
    public string? ConfirmationHash { get; init; }

    /// <summary>Pending only: the code is accepted until this instant; after it the booking is <see cref="CallbackState.Expired"/>.</summary>
    public Instant? ConfirmBy { get; init; }

    /// <summary>Wrong codes tried so far.</summary>
    public int ConfirmationFailures { get; init; }

    /// <summary>Whether the booking takes one place of its slot's capacity: booked or queued, not pending, cancelled or expired.</summary>
    public bool HoldsSlot => State is CallbackState.Booked or CallbackState.Queued;

    /// <summary>Whether the booking still counts against its phone's open bookings at <paramref name="now"/>.</summary>
    public bool IsOpenAt(Instant now) => State == CallbackState.Booked || (State == CallbackState.Pending && ConfirmBy > now);
}
