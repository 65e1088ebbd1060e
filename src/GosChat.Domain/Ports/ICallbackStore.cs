using GosChat.Domain.Calls;
using NodaTime;

namespace GosChat.Domain.Ports;

public enum CallbackSaveResult
{
    Saved,
    /// <summary>The stored version differs from the one the booking was read at: re-read and decide again.</summary>
    Conflict,
    /// <summary>The slot already holds its capacity of bookings of this queue.</summary>
    SlotFull,
}

/// <summary>
/// Callback bookings with a per-queue, per-slot capacity that holds across nodes: each save is one atomic
/// step (one Lua script on Redis) that checks the version, checks the capacity of the booking's slot when it
/// takes a new place there, frees its old place, and writes.
/// </summary>
public interface ICallbackStore
{
    /// <summary>
    /// Writes <paramref name="booking"/> if the stored version equals its <see cref="CallbackBooking.Version"/>
    /// (0 = must not exist). When the booking holds a slot it is not in yet and that slot of its queue already
    /// holds <paramref name="capacity"/> bookings, nothing is written and <see cref="CallbackSaveResult.SlotFull"/> is returned.
    /// <paramref name="previous"/> is the stored copy the change was decided from (null for a new booking).
    /// </summary>
    Task<CallbackSaveResult> SaveAsync(CallbackBooking booking, CallbackBooking? previous, int capacity);

    Task<CallbackBooking?> GetAsync(string ticket);

    /// <summary>Bookings (any state) whose slot starts in [from, to), by slot start then ticket.</summary>
    Task<IReadOnlyList<CallbackBooking>> ListAsync(Instant from, Instant to);

    /// <summary>How many bookings hold a place in the slot of <paramref name="queue"/> starting at <paramref name="slotStart"/>.</summary>
    Task<int> CountAsync(string queue, Instant slotStart);
}
