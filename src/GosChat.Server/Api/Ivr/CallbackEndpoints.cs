using System.Security.Cryptography;
using System.Text;
using GosChat.Domain;
using GosChat.Domain.Calls;
using GosChat.Server.Auth;
using GosChat.Server.Composition;

namespace GosChat.Server.Api.Ivr;

/// <summary>
/// Callback booking (/api/callbacks): anonymous from the widget, or with X-Api-Key from the IVR. A booking is read,
/// moved or cancelled by its ticket together with its key (header X-Callback-Id, the callbackId answered at
/// booking) or with a valid API key; ticket numbers are sequential, so the ticket alone proves nothing.
/// </summary>
public static class CallbackEndpoints
{
    public const string CallbackIdHeader = "X-Callback-Id";
    public const string RateLimitPolicy = "callbacks";

    public static RouteGroupBuilder MapCallbacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/callbacks").WithTags("Callbacks").RequireCors(GosChatSetup.WidgetCors);

        group.MapPost("/", async (HttpContext http, CallbackBookRequest? body, CallbackService callbacks, IvrService calls, IvrApiKeys keys) =>
            {
                var key = keys.Check(http);
                if (key == ApiKeyCheck.Invalid) return IvrApiKeys.Unauthorized();
                var fromIvr = key == ApiKeyCheck.Valid;
                var request = new CallbackRequest(body?.Phone, body?.Queue, body?.SlotStart, body?.Name, fromIvr ? body?.CallId : null, body?.Kind);
                var booking = await callbacks.BookAsync(request, Booker(http, key));
                if (booking.CallId is { } callId) await calls.CallbackBookedAsync(callId);
                return Results.Created($"/api/callbacks/{booking.Ticket}", CallbackDto.From(booking, withKey: true));
            })
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("BookCallback")
            .WithSummary("Book a call back in a slot of a queue")
            .WithDescription("Body: phone, queue (101–104), slotStart (ISO instant at which a slot starts, within working hours, not past), name?, " +
                             "callId? (IVR only: the call during which the caller chose a callback). 409 slot_full when the slot is fully booked. " +
                             "Keep the answered callbackId: it is the key (header X-Callback-Id) to read, move or cancel the booking. " +
                             "Without an API key the booking is pending: a one-time code goes to the phone, and only POST /api/callbacks/{ticket}/confirm " +
                             "with it (by confirmBy) gives it its place; 429 too_many_callbacks past the limits of one phone number, 429 rate_limited of one address.")
            .Accepts<CallbackBookRequest>("application/json")
            .Produces<CallbackDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/slots", async (string? queue, string? date, CallbackService callbacks) =>
                TypedResults.Ok((await callbacks.SlotsAsync(queue, date))
                    .Select(s => new CallbackSlotDto(s.Start, s.End, s.Capacity, s.Free)).ToList()))
            .WithName("CallbackSlots")
            .WithSummary("Bookable slots of a queue on a local date (yyyy-MM-dd) with the places left")
            .Produces<List<CallbackSlotDto>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/", async (string? date, CallbackService callbacks) =>
                TypedResults.Ok((await callbacks.ListAsync(date)).Select(b => CallbackDto.From(b, withKey: false)).ToList()))
            .RequireAuthorization(AuthSetup.OperatorPolicy)
            .WithName("ListCallbacks")
            .WithSummary("Operators: every callback whose slot starts on a local date (yyyy-MM-dd)")
            .Produces<List<CallbackDto>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{ticket}", async (HttpContext http, string ticket, CallbackService callbacks, IvrApiKeys keys) =>
                await WithBookingAsync(http, ticket, callbacks, keys, b => Task.FromResult(b)))
            .WithName("GetCallback")
            .WithSummary("Read a booking (header X-Callback-Id or X-Api-Key)")
            .Produces<CallbackDto>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{ticket}", async (HttpContext http, string ticket, CallbackUpdateRequest? body, CallbackService callbacks, IvrApiKeys keys) =>
                await WithBookingAsync(http, ticket, callbacks, keys,
                    b => callbacks.ChangeAsync(b.Ticket, new CallbackChange(body?.SlotStart, body?.Phone, body?.Name), Booker(http, keys.Check(http)))))
            .WithName("ChangeCallback")
            .WithSummary("Move a booking to another slot and/or change its phone or name (header X-Callback-Id or X-Api-Key)")
            .Accepts<CallbackUpdateRequest>("application/json")
            .Produces<CallbackDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{ticket}/confirm", async (HttpContext http, string ticket, CallbackConfirmRequest? body, CallbackService callbacks, IvrApiKeys keys) =>
                await WithBookingAsync(http, ticket, callbacks, keys, b => callbacks.ConfirmAsync(b.Ticket, body?.Code)))
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("ConfirmCallback")
            .WithSummary("Confirm a pending booking with the code sent to its phone; it then takes its place (header X-Callback-Id)")
            .WithDescription("Body: { code }. 400 wrong_confirmation_code (counted; too many expire the booking), 409 confirmation_expired, " +
                             "409 slot_full when the slot filled meanwhile (move it with PUT, then confirm).")
            .Accepts<CallbackConfirmRequest>("application/json")
            .Produces<CallbackDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{ticket}", async (HttpContext http, string ticket, CallbackService callbacks, IvrApiKeys keys) =>
                await WithBookingAsync(http, ticket, callbacks, keys, b => callbacks.CancelAsync(b.Ticket)))
            .WithName("CancelCallback")
            .WithSummary("Cancel a booking; its place in the slot is free again (header X-Callback-Id or X-Api-Key)")
            .Produces<CallbackDto>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    private static CallbackBooker Booker(HttpContext http, ApiKeyCheck key) =>
        key == ApiKeyCheck.Valid ? CallbackBooker.Telephony : CallbackBooker.Anonymous(http.Connection.RemoteIpAddress?.ToString());

    private static async Task<IResult> WithBookingAsync(
        HttpContext http, string ticket, CallbackService callbacks, IvrApiKeys keys, Func<Domain.Calls.CallbackBooking, Task<Domain.Calls.CallbackBooking>> act)
    {
        var key = keys.Check(http);
        if (key == ApiKeyCheck.Invalid) return IvrApiKeys.Unauthorized();
        var given = http.Request.Headers[CallbackIdHeader].ToString();
        if (key == ApiKeyCheck.Missing && string.IsNullOrEmpty(given))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send the booking's callbackId in the {CallbackIdHeader} header.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.CallbackKeyRequired });
        var booking = await callbacks.GetAsync(ticket);
        if (key != ApiKeyCheck.Valid
            && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(booking.CallbackId)))
            throw DomainException.NotFound(ErrorCodes.CallbackNotFound, "No callback with this ticket is known.");
        return TypedResults.Ok(CallbackDto.From(await act(booking), withKey: true));
    }
}
