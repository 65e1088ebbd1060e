using NodaTime;

namespace GosChat.Domain.Calls;

/// <summary>Settings of phone calls and callbacks (configuration: GosChat:Deadlines:CallAnswer, GosChat:Callbacks:*).</summary>
public sealed class CallOptions
{
    /// <summary>A call should be answered within this (GosChat:Deadlines:CallAnswer); a longer estimated wait is an overload.</summary>
    public Duration AnswerDeadline { get; set; } = Duration.FromMinutes(5);

    /// <summary>Length of one callback slot (GosChat:Callbacks:SlotMinutes). Slots start on multiples of it from local midnight.</summary>
    public int SlotMinutes { get; set; } = 30;

    /// <summary>Bookings one slot of one queue takes (GosChat:Callbacks:CapacityPerSlot).</summary>
    public int CapacityPerSlot { get; set; } = 5;

    /// <summary>Per-queue overrides of <see cref="CapacityPerSlot"/> (GosChat:Callbacks:QueueCapacity:{queue}).</summary>
    public Dictionary<string, int> QueueCapacity { get; set; } = new();

    /// <summary>How far ahead a slot may be booked (GosChat:Callbacks:HorizonDays).</summary>
    public int HorizonDays { get; set; } = 14;

    /// <summary>The zone slots are laid out in (GosChat:TimeZone).</summary>
    public DateTimeZone Zone { get; set; } = DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    public Duration SlotLength => Duration.FromMinutes(SlotMinutes);

    public int CapacityOf(string queue) => QueueCapacity.TryGetValue(queue, out var c) ? c : CapacityPerSlot;

    public void Validate()
    {
        if (SlotMinutes is < 5 or > 240 || 1440 % SlotMinutes != 0)
            throw new ArgumentOutOfRangeException(nameof(SlotMinutes), SlotMinutes, "SlotMinutes must divide a day and be 5..240.");
        if (CapacityPerSlot < 1 || QueueCapacity.Values.Any(c => c < 0))
            throw new ArgumentOutOfRangeException(nameof(CapacityPerSlot), CapacityPerSlot, "Slot capacity must be at least 1 (0 for a queue closes its callbacks).");
        if (HorizonDays < 1) throw new ArgumentOutOfRangeException(nameof(HorizonDays), HorizonDays, "HorizonDays must be at least 1.");
        if (AnswerDeadline <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(AnswerDeadline), AnswerDeadline, "CallAnswer must be positive.");
    }
}
