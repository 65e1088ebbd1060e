using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Privacy;

/// <summary>Whose data: one ticket number, or one phone number (any way of writing it: "+7 (916) …", "8 916 …").</summary>
public sealed record PersonalDataQuery
{
    public string? Ticket { get; private init; }
    public string? Phone { get; private init; }
    /// <summary><see cref="CitizenKey.FromPhone"/> of <see cref="Phone"/>.</summary>
    public string? CitizenKey { get; private init; }

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
        return new PersonalDataQuery { Phone = valid, CitizenKey = Ports.CitizenKey.FromPhone(valid) };
    }

    /// <summary>Whether a stored phone is this query's phone (the same digits however written).</summary>
    public bool MatchesPhone(string? phone) => CitizenKey is not null && Ports.CitizenKey.FromPhone(phone) == CitizenKey;
}
