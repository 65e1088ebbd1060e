using GosChat.Domain.Operators;
using GosChat.Domain.Requests;
using GosChat.Server.Requests;

namespace GosChat.Server.Hubs;

/// <summary>The operator hub's request methods (docs/requests.md).</summary>
public sealed partial class OperatorHub
{
    private bool IsSupervisor => Context.User!.IsInRole(Roles.Supervisor);

    /// <summary>
    /// Opens a request from a session this operator handles (a supervisor: any session): kind (question, complaint,
    /// application; default the session's), deadline class (default standard), an internal note. The citizen's
    /// connection gets <c>RequestOpened</c>.
    /// </summary>
    public async Task<OpenedRequestDto> OpenRequest(string? sessionId, OpenRequestDto? request, RequestService requests)
    {
        var (opened, code) = await requests.OpenAsync(Me, IsSupervisor, sessionId, request?.Kind, request?.DeadlineClass, request?.Note);
        return new OpenedRequestDto(opened.Ticket, code, RequestStatuses.Wire(opened.Status), opened.DueAt);
    }

    /// <summary>The request card by ticket, for any operator (requests are continued by whoever the citizen reaches).</summary>
    public async Task<RequestCardDto> GetRequest(string? ticket, RequestService requests) =>
        RequestCardDto.From(await requests.GetAsync(ticket));

    /// <summary>
    /// Links a chat or call the operator holds to the request found by ticket (the citizen quoted it): the session joins
    /// the card's sessions; answers the card, shown beside the chat.
    /// </summary>
    public async Task<RequestCardDto> LinkRequest(string? sessionId, string? ticket, RequestService requests) =>
        RequestCardDto.From(await requests.LinkChatAsync(Me, IsSupervisor, sessionId, ticket));

    /// <summary>Moves the request to inProgress, waitingForCitizen, resolved or declined; answers the card.</summary>
    public async Task<RequestCardDto> SetRequestStatus(string? ticket, string? status, RequestService requests) =>
        RequestCardDto.From(await requests.SetStatusAsync(Me, ticket, status));

    /// <summary>Adds an internal note (operators only see it); answers the card.</summary>
    public async Task<RequestCardDto> AddRequestNote(string? ticket, string? text, RequestService requests) =>
        RequestCardDto.From(await requests.AddNoteAsync(Me, ticket, text));

    /// <summary>Adds an answer the citizen sees with the request; answers the card.</summary>
    public async Task<RequestCardDto> AddRequestAnswer(string? ticket, string? text, RequestService requests) =>
        RequestCardDto.From(await requests.AddAnswerAsync(Me, ticket, text));
}
