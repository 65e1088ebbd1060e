using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Privacy;

/// <summary>Whose data: one ticket number, or one phone number (any way of writing it: "+7 (916) …", "8 916 …").</summary>
public sealed record PersonalDataQuery
{
    public string? Ticket { get; private init; }
    public string? Phone { get; private init; }
    /// <summary>The digits of <see cref="Phone"/> (<see cref="Citizens.CitizenIdentity.PhoneDigits"/>).</summary>
    public string? PhoneDigits { get; private init; }

    /// <summary>Exactly one of the two, well formed; a clear refusal otherwise.</summary>
    public static PersonalDataQuery Parse(string? ticket, string? phone)
    {
        var hasTicket = !string.IsNullOrWhiteSpace(ticket);
        var hasPhone = !string.IsNullOrWhiteSpace(phone);
        if (hasTicket == hasPhone)
            throw DomainException.BadRequest(ErrorCodes.BadRequest, "Give exactly one of ticket or phone.");
        if (hasTicket)
        {
            ticket = ticket!.Trim();
            if (!Sessions.Ticket.IsValid(ticket)) throw DomainException.BadRequest(ErrorCodes.BadTicket, "The ticket is not 9 digits starting with 1, 2 or 3.");
            return new PersonalDataQuery { Ticket = ticket };
        }
        var valid = ContactDetails.Phone(phone) ?? throw DomainException.BadRequest(ErrorCodes.BadPhone, "The phone number is not valid.");
        return new PersonalDataQuery { Phone = valid, PhoneDigits = Citizens.CitizenIdentity.PhoneDigits(valid) };
    }

    /// <summary>Whether a stored phone is this query's phone (the same digits however written).</summary>
    public bool MatchesPhone(string? phone) => PhoneDigits is not null && Citizens.CitizenIdentity.PhoneDigits(phone) == PhoneDigits;
}
