using GosChat.Domain;
using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Hubs;

/// <summary>
/// The operator hub (/hubs/operator): signed-in operators and supervisors only. Events for one operator go to
/// their user id (all their connections on every node); live figures go to the "operators" group.
/// </summary>
[Authorize(Policy = AuthSetup.OperatorPolicy)]
public sealed class OperatorHub(ContactCentre centre, OperatorDirectory directory, Notifications.QueueStatsPublisher stats) : Hub<IOperatorClient>
{
    public const string OperatorsGroup = "operators";
    public const string SupervisorsGroup = "supervisors";

    private string Me => Context.User!.OperatorId();

    public override async Task OnConnectedAsync()
    {
        var account = directory.Find(Me) ?? throw new HubException("unknown_operator: This account no longer exists.");
        await Groups.AddToGroupAsync(Context.ConnectionId, OperatorsGroup);
        if (account.Roles.Contains(Roles.Supervisor)) await Groups.AddToGroupAsync(Context.ConnectionId, SupervisorsGroup);
        var state = await centre.Operators.ConnectedAsync(account, Context.ConnectionId);
        await Clients.Caller.Presence(new PresenceDto(state.Presence.ToString().ToLowerInvariant()));
        await Clients.Caller.QueueStats(await stats.CurrentAsync());
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await centre.Operators.DisconnectedAsync(Me, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public async Task SetPresence(string? presence)
    {
        var state = await centre.Operators.SetPresenceAsync(Me, presence);
        await Clients.User(Me).Presence(new PresenceDto(state.Presence.ToString().ToLowerInvariant()));
    }

    public async Task<SessionSnapshotDto> AcceptOffer(string? offerId) =>
        SessionSnapshotDto.From(await centre.Operators.AcceptAsync(Me, offerId), forOperator: true);

    public Task DeclineOffer(string? offerId) => centre.Operators.DeclineAsync(Me, offerId);

    public async Task<SendResult> SendMessage(string? sessionId, string? text, string? clientMessageId)
    {
        var message = await centre.Operators.SendAsync(Me, sessionId, text, clientMessageId);
        return new SendResult(message.MessageId, message.SentAt, message.Seq);
    }

    public Task Typing(string? sessionId, bool isTyping) => centre.Operators.TypingAsync(Me, sessionId, isTyping);

    public async Task Transfer(string? sessionId, string? queue) => await centre.Operators.TransferAsync(Me, sessionId, queue);

    public async Task CloseSession(string? sessionId, string? resolution) => await centre.Operators.CloseAsync(Me, sessionId, resolution);

    /// <summary>Extension: the operator's presence, pending offer and sessions with history, for a console that reloads.</summary>
    public async Task<OperatorStateDto> GetState()
    {
        var op = await centre.Store.GetOperatorAsync(Me) ?? throw DomainException.Conflict("not_connected", "The operator is not connected.");
        var sessions = new List<SessionSnapshotDto>();
        foreach (var work in op.Work)
        {
            var session = await centre.Store.GetSessionAsync(work.SessionId);
            if (session is null) continue;
            sessions.Add(SessionSnapshotDto.From(session, await centre.Messages.GetAsync(session.Id), 0, 0, forOperator: true));
        }
        OfferDto? offer = null;
        if (op.PendingOfferId is { } offerId && await centre.Store.GetOfferAsync(offerId) is { } o && await centre.Store.GetSessionAsync(o.SessionId) is { } offered)
            offer = OfferDto.From(o, offered);
        return new OperatorStateDto(op.Id, op.Name, op.Presence.ToString().ToLowerInvariant(), op.MaxChats, sessions, offer);
    }
}

public sealed record OperatorStateDto(string OperatorId, string Name, string Presence, int MaxChats, IReadOnlyList<SessionSnapshotDto> Sessions, OfferDto? Offer);
