using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Limits;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Domain.Calls;

/// <summary>Who books: the telephony platform (a valid API key, trusted) or an anonymous visitor from an address.</summary>
public sealed record CallbackBooker(bool Trusted, string Address)
{
    public static CallbackBooker Telephony { get; } = new(true, "");

    public static CallbackBooker Anonymous(string? address) => new(false, string.IsNullOrEmpty(address) ? "unknown" : address);
}

/// <summary>The rules of anonymous bookings (configuration: GosChat:Callbacks:Anonymous).</summary>
public sealed class AnonymousCallbackOptions
{
    /// <summary>Bookings one phone number may have open (pending or booked) at once.</summary>
    public int OpenPerPhone { get; set; } = 2;

    /// <summary>Bookings made for one phone number (each sends it a message) in a fixed window.</summary>
    public LimitRule PerPhone { get; set; } = new(4, Duration.FromDays(1));

    /// <summary>Anonymous bookings from one client address, counted on every node.</summary>
    public LimitRule PerAddress { get; set; } = new(20, Duration.FromHours(1));

    /// <summary>How long the one-time code is accepted.</summary>
    public Duration ConfirmationTimeout { get; set; } = Duration.FromMinutes(15);

    /// <summary>Wrong codes after which the booking expires.</summary>
    public int ConfirmationAttempts { get; set; } = 5;
}

/// <summary>
/// What keeps anonymous bookings from being used against someone: limits per phone number (open bookings, and
/// bookings a day, on the shared counters) and per client address, and a one-time code sent to the phone through the
/// notification port. A booking takes its place only once the code comes back, so nobody can fill slots, or fill a
/// stranger's phone with calls, from a web page. Bookings with an API key are trusted and skip all of it.
/// </summary>
public sealed class AnonymousCallbacks(
    ICallbackStore store,
    AbuseLimits limits,
    INotificationSender notifications,
    AnonymousCallbackOptions options,
    CallOptions calls)
{
    public const string ConfirmationPurpose = "callback-confirmation";
    private const int CodeDigits = 6;

    public AnonymousCallbackOptions Options => options;

    /// <summary>Counts a booking against the booker's address and refuses it (429) past the limit.</summary>
    public Task TakeAddressAsync(CallbackBooker booker) =>
        limits.TakeAsync("callback:addr:" + booker.Address, options.PerAddress, "callback bookings from this address");

    /// <summary>
    /// Refuses (429 <c>too_many_callbacks</c>) a new anonymous booking for <paramref name="phone"/> when the number
    /// already has its open bookings, or has had its bookings for the window; counts it otherwise.
    /// <paramref name="except"/> is a booking being changed (it does not count against itself).
    /// </summary>
    public async Task TakePhoneAsync(string phone, Instant now, string? except = null)
    {
        var key = PhoneKey(phone);
        var open = (await store.ListAsync(now - calls.SlotLength, now + Duration.FromDays(calls.HorizonDays + 1)))
            .Count(b => b.Ticket != except && b.IsOpenAt(now) && PhoneKey(b.Phone) == key);
        if (open >= options.OpenPerPhone)
            throw DomainException.TooMany(ErrorCodes.TooManyCallbacks,
                $"This phone number already has {open} callbacks booked; cancel one or wait for it before booking another.");
        if (!await limits.TryTakeAsync("callback:phone:" + key, options.PerPhone))
            throw DomainException.TooMany(ErrorCodes.TooManyCallbacks,
                "Too many callbacks were booked for this phone number recently; try again later.");
    }

    /// <summary>The booking as pending confirmation with a fresh code (returned, to be sent; only its hash is kept).</summary>
    public (CallbackBooking Pending, string Code) Pend(CallbackBooking booking, Instant now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D" + CodeDigits, System.Globalization.CultureInfo.InvariantCulture);
        return (booking with
        {
            State = CallbackState.Pending,
            ConfirmationHash = Hash(booking.CallbackId, code),
            ConfirmBy = now + options.ConfirmationTimeout,
            ConfirmationFailures = 0,
        }, code);
    }

    /// <summary>Sends the code to the booking's phone.</summary>
    public Task SendCodeAsync(CallbackBooking booking, string code) =>
        notifications.SendAsync(new Notification(booking.Phone, ConfirmationPurpose, booking.Ticket,
            $"Код подтверждения обратного звонка / callback confirmation code: {code}. Заявка / ticket {booking.Ticket}.", code));

    /// <summary>Whether <paramref name="code"/> is the one sent for <paramref name="booking"/> (constant time).</summary>
    public static bool Matches(CallbackBooking booking, string? code) =>
        booking.ConfirmationHash is { } hash && !string.IsNullOrWhiteSpace(code)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(booking.CallbackId, code.Trim())));

    /// <summary>The booking as it stands at <paramref name="now"/>: a pending one past its time reads as expired.</summary>
    public static CallbackBooking AsOf(CallbackBooking booking, Instant now) =>
        booking.State == CallbackState.Pending && !(booking.ConfirmBy > now) ? booking with { State = CallbackState.Expired } : booking;

    /// <summary>
    /// A key for a phone number that does not show it: the same for the ways one number is written (8 926…, +7 926…,
    /// 926…), a hash of its digits.
    /// </summary>
    public static string PhoneKey(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '8') digits = "7" + digits[1..];
        else if (digits.Length == 10 && digits[0] == '9') digits = "7" + digits;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("goschat-callback-phone:" + digits)))[..32];
    }

    private static string Hash(string callbackId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callbackId + ":" + code)));
}
