using GosChat.Domain.Calls;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>Callback bookings in process memory: one node. Saves are serialized by one lock, so slot capacity holds.</summary>
public sealed class InMemoryCallbackStore : ICallbackStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CallbackBooking> _bookings = new(StringComparer.Ordinal);

    public Task<CallbackSaveResult> SaveAsync(CallbackBooking booking, CallbackBooking? previous, int capacity)
    {
        lock (_gate)
        {
            var stored = _bookings.GetValueOrDefault(booking.Ticket);
            if ((stored?.Version ?? 0) != booking.Version) return Task.FromResult(CallbackSaveResult.Conflict);
            var alreadyThere = stored is { HoldsSlot: true } && stored.Queue == booking.Queue && stored.SlotStart == booking.SlotStart;
            if (booking.HoldsSlot && !alreadyThere && Count(booking.Queue, booking.SlotStart) >= capacity)
                return Task.FromResult(CallbackSaveResult.SlotFull);
            _bookings[booking.Ticket] = booking with { Version = booking.Version + 1 };
            return Task.FromResult(CallbackSaveResult.Saved);
        }
    }

    public Task<CallbackBooking?> GetAsync(string ticket)
    {
        lock (_gate) return Task.FromResult(_bookings.GetValueOrDefault(ticket));
    }

    public Task<IReadOnlyList<CallbackBooking>> ListAsync(Instant from, Instant to)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<CallbackBooking>>(_bookings.Values
                .Where(b => b.SlotStart >= from && b.SlotStart < to)
                .OrderBy(b => b.SlotStart).ThenBy(b => b.Ticket, StringComparer.Ordinal)
                .ToList());
    }

    public Task<int> CountAsync(string queue, Instant slotStart)
    {
        lock (_gate) return Task.FromResult(Count(queue, slotStart));
    }

    internal void Forget(string ticket)
    {
        lock (_gate) _bookings.Remove(ticket);
    }

    private int Count(string queue, Instant slotStart) =>
        _bookings.Values.Count(b => b.HoldsSlot && b.Queue == queue && b.SlotStart == slotStart);
}
