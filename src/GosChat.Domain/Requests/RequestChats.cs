using GosChat.Domain.Engine;

namespace GosChat.Domain.Requests;

/// <summary>
/// The citizen replies to a request by chat: the widget starts a chat carrying the request's ticket and access code. The
/// code is checked before anything is created (a wrong one is the lookup's <c>request_not_found</c>, and no session or
/// ticket number is taken); the new session carries the request's ticket (so the operator who gets the offer opens the
/// card beside the chat), joins the card's sessions, and a request waiting on the citizen is in progress again.
/// </summary>
public sealed class RequestChats(RequestService requests, CitizenService citizens)
{
    public async Task<StartResult> StartAsync(StartRequest start, string? ticket, string? accessCode)
    {
        var request = await requests.LookupAsync(ticket, accessCode)
            ?? throw DomainException.NotFound(ErrorCodes.RequestNotFound, "No request with this ticket and access code is known.");
        var started = await citizens.StartAsync(start with { RequestTicket = request.Ticket });
        await requests.ContinueInChatAsync(request.Ticket, started.Session.Id);
        return started;
    }
}
