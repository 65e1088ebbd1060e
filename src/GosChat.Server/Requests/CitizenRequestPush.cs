using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Requests;

/// <summary>Tells the citizen's connection (on any node) the ticket and access code of a request opened from their chat.</summary>
public sealed class CitizenRequestPush(IHubContext<ChatHub, IChatClient> citizens) : IRequestObserver
{
    public Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode) => sessionId.Length == 0
        ? Task.CompletedTask // a written request: the code goes back in the HTTP answer
        : citizens.Clients.Group(ChatHub.Group(sessionId)).RequestOpened(new RequestOpenedDto(request.Ticket, accessCode, request.DueAt));
}

/// <summary>Tells the request's assignee (on any of their connections, any node) that the citizen replied.</summary>
public sealed class AssigneeReplyPush(IHubContext<OperatorHub, IOperatorClient> operators) : IRequestObserver
{
    public Task CitizenRepliedAsync(ServiceRequest request) => request.AssigneeId == ServiceRequest.NoAssignee
        ? Task.CompletedTask
        : operators.Clients.User(request.AssigneeId).RequestReplied(
            new RequestRepliedDto(request.Ticket, RequestStatuses.Wire(request.Status), request.StatusSince));
}
