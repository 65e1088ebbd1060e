using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Calls;

/// <summary>What a booker asks for; strings as sent.</summary>
/// <param name="Kind">The caller's choice (1/application, 2/complaint, 3/question, default question): the ticket's first digit.</param>
public sealed record CallbackRequest(string? Phone, string? Queue, string? SlotStart, string? Name, string? CallId, string? Kind = null);

/// <summary>A change to a booking: any of a new slot, phone or name (null = keep).</summary>
public sealed record CallbackChange(string? SlotStart, string? Phone, string? Name);

/// <summary>One slot of one queue and how many places are left in it.</summary>
public sealed record CallbackSlot(Instant Start, Instant End, int Capacity, int Free);

/// <summary>
/// Booked call backs: slots of <see cref="CallOptions.SlotMinutes"/> inside the queue's working hours, a capacity per
/// queue and slot that holds across nodes (<see cref="ICallbackStore"/>), edit and cancel by ticket. At its slot a
/// durable job (<see cref="EnqueueJobType"/>) puts the booking into its queue as a call-type session. The session's
/// place is the moment it entered the queue, so it never goes ahead of callers who were already waiting longer.
/// Anonymous bookings are limited and wait for a one-time code before they take a place (<see cref="AnonymousCallbacks"/>).
/// </summary>
public sealed class CallbackService(
    ICallbackStore store,
    ITicketSequence tickets,
    IJobScheduler jobs,
    ContactCentre centre,
    CallOptions options,
    AnonymousCallbacks anonymous)
{
    public const string EnqueueJobType = "callback.enqueue";
    private const int MaxAttempts = 10;

    public static string JobId(string ticket) => "callback:" + ticket;

    /// <summary>The job that puts the booking <paramref name="ticket"/> into its queue at <paramref name="slot"/>.</summary>
    public static DelayedJob EnqueueJob(string ticket, Instant slot) => new(JobId(ticket), EnqueueJobType, ticket, slot);

    /// <summary>The call id a callback's session carries, so the telephony side can follow (and originate) it.</summary>
    public static string CallIdOf(string ticket) => "callback-" + ticket;

    public async Task<CallbackBooking> BookAsync(CallbackRequest request, CallbackBooker booker)
    {
        if (!QueueCatalog.IsKnown(request.Queue))
            throw DomainException.BadRequest(ErrorCodes.UnknownQueue, "queue must be one of 101, 102, 103, 104.");
        var queue = request.Queue!;
        var kind = RequestKinds.Parse(request.Kind) ?? RequestKind.Question;
        var phone = ContactDetails.Phone(request.Phone) ?? throw DomainException.BadRequest(ErrorCodes.BadPhone, "phone is required.");
        var name = ContactDetails.Name(request.Name);
        var callId = request.CallId is null ? null : IvrService.ValidateCallId(request.CallId);
        var now = centre.Clock.GetCurrentInstant();
        var slot = ValidateSlot(queue, request.SlotStart, now);
        if (!booker.Trusted)
        {
            if (await store.CountAsync(queue, slot) >= options.CapacityOf(queue)) throw SlotFull();
            await anonymous.TakePhoneAsync(phone, now);
            await anonymous.TakeAddressAsync(booker);
        }

        var ticket = Ticket.Format(kind, await tickets.NextAsync());
        var booking = new CallbackBooking
        {
            Ticket = ticket,
            CallbackId = Guid.NewGuid().ToString("N"),
            Queue = queue,
            Phone = phone,
            Name = name,
            SlotStart = slot,
            SlotEnd = slot + options.SlotLength,
            State = CallbackState.Booked,
            Source = booker.Trusted ? "ivr" : "widget",
            CallId = callId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!booker.Trusted)
        {
            var (pending, code) = anonymous.Pend(booking, now);
            if (await store.SaveAsync(pending, null, options.CapacityOf(queue)) != CallbackSaveResult.Saved) throw Contention();
            await anonymous.SendCodeAsync(pending, code);
            return pending with { Version = 1 };
        }
        var result = await store.SaveAsync(booking, null, options.CapacityOf(queue));
        if (result == CallbackSaveResult.SlotFull) throw SlotFull();
        if (result != CallbackSaveResult.Saved) throw Contention();
        await jobs.ScheduleAsync(EnqueueJob(ticket, slot));
        return booking with { Version = 1 };
    }

    /// <summary>The booking as it stands now (a pending one past its time to confirm reads as expired).</summary>
    public async Task<CallbackBooking> GetAsync(string? ticket) =>
        Ticket.IsValid(ticket) && await store.GetAsync(ticket!) is { } booking
            ? AnonymousCallbacks.AsOf(booking, centre.Clock.GetCurrentInstant())
            : throw NotFound();

    /// <summary>
    /// Moves a booked or pending booking and/or changes its phone or name. An anonymous change of the phone number
    /// is a new number to confirm: the booking gives up its place, goes back to pending and a new code goes to the new number.
    /// </summary>
    public async Task<CallbackBooking> ChangeAsync(string? ticket, CallbackChange change, CallbackBooker booker)
    {
        var phone = ContactDetails.Phone(change.Phone);
        var name = ContactDetails.Name(change.Name);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await GetAsync(ticket);
            if (current.State is not (CallbackState.Booked or CallbackState.Pending))
                throw DomainException.Conflict(ErrorCodes.CallbackNotEditable, $"The callback is {current.State.ToString().ToLowerInvariant()} and can no longer be changed.");
            var now = centre.Clock.GetCurrentInstant();
            var slot = change.SlotStart is null ? current.SlotStart : ValidateSlot(current.Queue, change.SlotStart, now);
            var updated = current with
            {
                SlotStart = slot,
                SlotEnd = slot + options.SlotLength,
                Phone = phone ?? current.Phone,
                Name = name ?? current.Name,
                UpdatedAt = now,
            };
            string? code = null;
            if (!booker.Trusted && phone is not null && AnonymousCallbacks.PhoneKey(phone) != AnonymousCallbacks.PhoneKey(current.Phone))
            {
                await anonymous.TakePhoneAsync(phone, now, except: current.Ticket);
                (updated, code) = anonymous.Pend(updated, now);
            }
            var result = await store.SaveAsync(updated, current, options.CapacityOf(current.Queue));
            if (result == CallbackSaveResult.SlotFull) throw SlotFull();
            if (result != CallbackSaveResult.Saved) continue;
            if (updated.State == CallbackState.Booked && slot != current.SlotStart) await jobs.ScheduleAsync(EnqueueJob(current.Ticket, slot));
            if (current.State == CallbackState.Booked && updated.State == CallbackState.Pending) await jobs.CancelAsync(JobId(current.Ticket));
            if (code is not null) await anonymous.SendCodeAsync(updated, code);
            return updated with { Version = current.Version + 1 };
        }
        throw Contention();
    }

    /// <summary>
    /// Confirms a pending booking with the code sent to its phone: it takes its place (409 <c>slot_full</c> when the slot
    /// filled meanwhile; it stays pending and can be moved). A wrong code is 400 <c>wrong_confirmation_code</c> and counts;
    /// past the attempts, or past its time, the booking is expired (409 <c>confirmation_expired</c>). Confirming a
    /// booked one again answers it as it is.
    /// </summary>
    public async Task<CallbackBooking> ConfirmAsync(string? ticket, string? code)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await GetAsync(ticket);
            if (current.State is CallbackState.Booked or CallbackState.Queued) return current;
            if (current.State == CallbackState.Expired)
                throw DomainException.Conflict(ErrorCodes.ConfirmationExpired, "The time to confirm this callback has passed; book again.");
            if (current.State != CallbackState.Pending)
                throw DomainException.Conflict(ErrorCodes.CallbackNotEditable, $"The callback is {current.State.ToString().ToLowerInvariant()} and can no longer be confirmed.");
            var now = centre.Clock.GetCurrentInstant();
            if (!AnonymousCallbacks.Matches(current, code))
            {
                var failures = current.ConfirmationFailures + 1;
                var failed = current with
                {
                    ConfirmationFailures = failures,
                    State = failures >= anonymous.Options.ConfirmationAttempts ? CallbackState.Expired : CallbackState.Pending,
                    UpdatedAt = now,
                };
                if (await store.SaveAsync(failed, current, options.CapacityOf(current.Queue)) != CallbackSaveResult.Saved) continue;
                throw DomainException.BadRequest(ErrorCodes.WrongConfirmationCode, "The confirmation code is not right.");
            }
            var booked = current with { State = CallbackState.Booked, ConfirmationHash = null, ConfirmBy = null, UpdatedAt = now };
            var result = await store.SaveAsync(booked, current, options.CapacityOf(current.Queue));
            if (result == CallbackSaveResult.SlotFull) throw SlotFull();
            if (result != CallbackSaveResult.Saved) continue;
            await jobs.ScheduleAsync(EnqueueJob(current.Ticket, current.SlotStart));
            return booked with { Version = current.Version + 1 };
        }
        throw Contention();
    }

    /// <summary>Cancels a booked callback (idempotent: cancelling a cancelled one answers it as it is).</summary>
    public async Task<CallbackBooking> CancelAsync(string? ticket)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await GetAsync(ticket);
            if (current.State is CallbackState.Cancelled or CallbackState.Expired) return current;
            if (current.State is not (CallbackState.Booked or CallbackState.Pending))
                throw DomainException.Conflict(ErrorCodes.CallbackNotEditable, "The callback is already in the queue; it can no longer be cancelled here.");
            var cancelled = current with { State = CallbackState.Cancelled, UpdatedAt = centre.Clock.GetCurrentInstant() };
            if (await store.SaveAsync(cancelled, current, options.CapacityOf(current.Queue)) != CallbackSaveResult.Saved) continue;
            await jobs.CancelAsync(JobId(current.Ticket));
            return cancelled with { Version = current.Version + 1 };
        }
        throw Contention();
    }

    /// <summary>
    /// Run by the job at the slot: the booking enters its queue as a call-type session with its own ticket.
    /// Idempotent: a second run finds the session by its call id and only records it. A stale run (the booking was
    /// moved to a later slot, or cancelled) does nothing.
    /// </summary>
    public async Task EnqueueAsync(string ticket)
    {
        var booking = await store.GetAsync(ticket);
        if (booking is not { State: CallbackState.Booked }) return;
        if (booking.SlotStart > centre.Clock.GetCurrentInstant()) return;
        var callId = CallIdOf(ticket);
        var sessionId = await centre.Store.FindSessionByCallIdAsync(callId);
        if (sessionId is null)
        {
            try
            {
                var started = await centre.Citizens.StartAsync(new StartRequest
                {
                    Topic = booking.Queue,
                    Channel = Channel.Call,
                    CallId = callId,
                    Phone = booking.Phone,
                    Name = booking.Name,
                    Ticket = booking.Ticket,
                });
                sessionId = started.Session.Id;
                await centre.Dispatcher.SystemMessageAsync(started.Session,
                    $"Обратный звонок по записи / booked callback, slot {booking.SlotStart}");
            }
            catch (DomainException e) when (e.Code == "contention")
            {
                sessionId = await centre.Store.FindSessionByCallIdAsync(callId);
                if (sessionId is null) throw;
            }
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(ticket);
            if (current is not { State: CallbackState.Booked }) return;
            var queued = current with { State = CallbackState.Queued, SessionId = sessionId, UpdatedAt = centre.Clock.GetCurrentInstant() };
            if (await store.SaveAsync(queued, current, options.CapacityOf(current.Queue)) == CallbackSaveResult.Saved) return;
        }
        throw Contention();
    }

    /// <summary>The slots of one local date for a queue, open ones only, with the places left.</summary>
    public async Task<IReadOnlyList<CallbackSlot>> SlotsAsync(string? queue, string? date)
    {
        if (!QueueCatalog.IsKnown(queue)) throw DomainException.BadRequest(ErrorCodes.UnknownQueue, "queue must be one of 101, 102, 103, 104.");
        var (from, to) = DayBounds(date);
        var now = centre.Clock.GetCurrentInstant();
        var capacity = options.CapacityOf(queue!);
        var booked = (await store.ListAsync(from, to)).Where(b => b.Queue == queue && b.HoldsSlot)
            .GroupBy(b => b.SlotStart).ToDictionary(g => g.Key, g => g.Count());
        var slots = new List<CallbackSlot>();
        for (var start = from; start < to; start += options.SlotLength)
        {
            if (start < now || !IsBookable(queue!, start)) continue;
            slots.Add(new CallbackSlot(start, start + options.SlotLength, capacity, Math.Max(0, capacity - booked.GetValueOrDefault(start))));
        }
        return slots;
    }

    /// <summary>
    /// The next <paramref name="count"/> slots of a queue with a place left, from now on, within the booking horizon: what
    /// the voice menu offers a caller who wants to be called back.
    /// </summary>
    public async Task<IReadOnlyList<CallbackSlot>> NextFreeSlotsAsync(string queue, int count = 3)
    {
        var now = centre.Clock.GetCurrentInstant();
        var today = now.InZone(options.Zone).Date;
        var limit = now + Duration.FromDays(options.HorizonDays);
        var found = new List<CallbackSlot>();
        for (var day = 0; day <= options.HorizonDays && found.Count < count; day++)
        {
            var date = NodaTime.Text.LocalDatePattern.Iso.Format(today.PlusDays(day));
            found.AddRange((await SlotsAsync(queue, date)).Where(s => s.Free > 0 && s.Start <= limit).Take(count - found.Count));
        }
        return found;
    }

    /// <summary>Every booking whose slot starts on the local <paramref name="date"/> (yyyy-MM-dd).</summary>
    public async Task<IReadOnlyList<CallbackBooking>> ListAsync(string? date)
    {
        var (from, to) = DayBounds(date);
        var now = centre.Clock.GetCurrentInstant();
        return (await store.ListAsync(from, to)).Select(b => AnonymousCallbacks.AsOf(b, now)).ToList();
    }

    private (Instant From, Instant To) DayBounds(string? date)
    {
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(date ?? "");
        if (!parsed.Success) throw DomainException.BadRequest(ErrorCodes.BadDate, "date must be yyyy-MM-dd.");
        var zone = options.Zone;
        return (zone.AtStartOfDay(parsed.Value).ToInstant(), zone.AtStartOfDay(parsed.Value.PlusDays(1)).ToInstant());
    }

    private Instant ValidateSlot(string queue, string? slotStart, Instant now)
    {
        var parsed = NodaTime.Text.InstantPattern.ExtendedIso.Parse(slotStart ?? "");
        if (!parsed.Success)
            throw DomainException.BadRequest(ErrorCodes.BadSlot, "slotStart must be an ISO-8601 instant, e.g. 2026-11-23T07:30:00Z.");
        var slot = parsed.Value;
        var local = slot.InZone(options.Zone).TimeOfDay;
        if (local.Second != 0 || local.NanosecondOfSecond != 0 || (local.Hour * 60 + local.Minute) % options.SlotMinutes != 0)
            throw DomainException.BadRequest(ErrorCodes.BadSlot, $"slotStart must be the start of a {options.SlotMinutes}-minute slot (local time {options.Zone.Id}).");
        if (slot < now)
            throw DomainException.BadRequest(ErrorCodes.SlotInPast, "This slot has already begun; choose a later one.");
        if (slot > now + Duration.FromDays(options.HorizonDays))
            throw DomainException.BadRequest(ErrorCodes.SlotTooFar, $"Callbacks can be booked at most {options.HorizonDays} days ahead.");
        if (!IsBookable(queue, slot))
            throw DomainException.BadRequest(ErrorCodes.SlotClosed, "The queue is not open for the whole of this slot; choose a slot within working hours.");
        return slot;
    }

    private bool IsBookable(string queue, Instant slot) =>
        options.CapacityOf(queue) > 0
        && centre.Hours.IsOpen(queue, Channel.Call, Languages.Russian, false, slot)
        && centre.Hours.IsOpen(queue, Channel.Call, Languages.Russian, false, slot + options.SlotLength - Duration.FromSeconds(1));

    private static DomainException NotFound() => DomainException.NotFound(ErrorCodes.CallbackNotFound, "No callback with this ticket is known.");
    private static DomainException SlotFull() => DomainException.Conflict(ErrorCodes.SlotFull, "This slot is fully booked; choose another one.");
    private static DomainException Contention() => DomainException.Conflict(ErrorCodes.Contention, "The booking changed too often meanwhile; please retry.");
}
