using GosChat.Domain;
using GosChat.Domain.Citizens;
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
public sealed partial class OperatorHub(ContactCentre centre, OperatorDirectory directory, Notifications.QueueStatsPublisher stats, CitizenHistoryReader citizens,
    SignedInConnections signedIn) : Hub<IOperatorClient>
{
    public const string Path = "/hubs/operator";
    public const string OperatorsGroup = "operators";
    public const string SupervisorsGroup = "supervisors";

    private string Me => Context.User!.OperatorId();

    public override async Task OnConnectedAsync()
    {
        var account = directory.Find(Me) ?? throw new HubException($"{ErrorCodes.UnknownOperator}: This account no longer exists.");
        if (Context.User!.FindFirst(SignInService.ClaimType)?.Value is { } signInId) signedIn.Add(Context, signInId);
        await Groups.AddToGroupAsync(Context.ConnectionId, OperatorsGroup);
        if (account.Roles.Contains(Roles.Supervisor)) await Groups.AddToGroupAsync(Context.ConnectionId, SupervisorsGroup);
        var state = await centre.Operators.ConnectedAsync(account, Context.ConnectionId);
        await Clients.Caller.Presence(new PresenceDto(state.Presence.ToString().ToLowerInvariant()));
        await Clients.Caller.QueueStats(await stats.CurrentAsync());
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        signedIn.Remove(Context.ConnectionId);
        await centre.Operators.DisconnectedAsync(Me, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public async Task SetPresence(string? presence)
    {
        var state = await centre.Operators.SetPresenceAsync(Me, presence);
        await Clients.User(Me).Presence(new PresenceDto(state.Presence.ToString().ToLowerInvariant()));
    }

    /// <summary>Extension: interpreter tier on or off; preferred for chats that fell back from a language the operator does not speak.</summary>
    public async Task SetInterpreter(bool interpreter) => await centre.Operators.SetInterpreterAsync(Me, interpreter);

    public async Task<SessionSnapshotDto> AcceptOffer(string? offerId) =>
        SessionSnapshotDto.From(await centre.Operators.AcceptAsync(Me, offerId), forOperator: true);

    public Task DeclineOffer(string? offerId) => centre.Operators.DeclineAsync(Me, offerId);

    /// <summary>Extension: more time to decide on a pending offer (once per offer by default); answers the new expiry.</summary>
    public async Task<OfferExtendedDto> ExtendOffer(string? offerId) =>
        OfferExtendedDto.From(await centre.Operators.ExtendOfferAsync(Me, offerId));

    public async Task<SendResult> SendMessage(string? sessionId, string? text, string? clientMessageId)
    {
        var message = await centre.Operators.SendAsync(Me, sessionId, text, clientMessageId);
        return new SendResult(message.MessageId, message.SentAt, message.Seq);
    }

    public Task Typing(string? sessionId, bool isTyping) => centre.Operators.TypingAsync(Me, sessionId, isTyping);

    public async Task Transfer(string? sessionId, string? queue) => await centre.Operators.TransferAsync(Me, sessionId, queue);

    public async Task CloseSession(string? sessionId, string? resolution) => await centre.Operators.CloseAsync(Me, sessionId, resolution);

    /// <summary>Extension: marks the operator's session critical (account security at stake).</summary>
    public async Task MarkCritical(string? sessionId) => await centre.Operators.MarkCriticalAsync(Me, sessionId);

    /// <summary>Extension: the operator's presence, pending offer and sessions with history, for a console that reloads.</summary>
    public async Task<OperatorStateDto> GetState()
    {
        var view = await centre.Operators.StateAsync(Me);
        var op = view.Operator;
        return new OperatorStateDto(op.Id, op.Name, op.Presence.ToString().ToLowerInvariant(), op.MaxChats,
            view.Sessions.Select(v => SessionSnapshotDto.From(v, forOperator: true)).ToList(),
            view.Offer is { } offer ? OfferDto.From(offer.Offer, offer.Session) : null);
    }

    /// <summary>
    /// Extension, the twin of the citizen hub's: the session's messages after a sequence number, to fetch what a gap
    /// (a reconnect, or the server's Resync) lost. For the session's operator, or a supervisor (OperatorService decides).
    /// </summary>
    public async Task<IReadOnlyList<MessageDto>> GetMessages(string? sessionId, long afterSeq)
    {
        var messages = await centre.Operators.MessagesAfterAsync(Me, Context.User!.IsInRole(Roles.Supervisor), sessionId, afterSeq);
        return messages.Select(MessageDto.Of).ToList();
    }

    /// <summary>Extension: a short-lived signed download link of an attachment of a session this operator may read.</summary>
    public async Task<AttachmentLinkDto> GetAttachmentLink(string? attachmentId, Domain.Attachments.AttachmentService attachments,
        Domain.Attachments.AttachmentLinks links)
    {
        var link = await attachments.LinkAsync(attachmentId,
            new Domain.Attachments.AttachmentActor.Operator(Me, Context.User!.IsInRole(Roles.Supervisor)), links);
        return new AttachmentLinkDto(link.Url, link.ExpiresAt);
    }

    /// <summary>How many earlier sessions <see cref="GetCitizenHistory"/> returns at most.</summary>
    public const int CitizenHistoryLimit = CitizenHistoryReader.Limit;

    /// <summary>
    /// Extension: the same citizen's other sessions (linked by a verified identity, never a typed phone), newest first, at most
    /// <see cref="CitizenHistoryLimit"/>. For the operator the session is assigned to, or a supervisor.
    /// </summary>
    public async Task<IReadOnlyList<CitizenHistoryItemDto>> GetCitizenHistory(string? sessionId)
    {
        var session = await centre.Operators.ReadableAsync(Me, Context.User!.IsInRole(Roles.Supervisor), sessionId);
        return (await citizens.EarlierAsync(session)).Select(v => CitizenHistoryItemDto.From(v.Session, v.Messages)).ToList();
    }
}

/// <summary>One earlier session of the same citizen, for the console.</summary>
public sealed record CitizenHistoryItemDto(
    string SessionId, string Ticket, string Queue, string Channel, string State, NodaTime.Instant CreatedAt, NodaTime.Instant? ClosedAt,
    string? Resolution, string? OperatorName, IReadOnlyList<MessageDto> Messages, string Language)
{
    public static CitizenHistoryItemDto From(Domain.Sessions.Session s, IReadOnlyList<Domain.Messages.ChatMessage> messages) => new(
        s.Id, s.Ticket, s.Queue, Wire.Channel(s.Channel), Wire.State(s.State), s.CreatedAt, s.ClosedAt, s.Resolution, s.OperatorName,
        messages.Select(MessageDto.Of).ToList(), s.Language);
}

public sealed record OperatorStateDto(string OperatorId, string Name, string Presence, int MaxChats, IReadOnlyList<SessionSnapshotDto> Sessions, OfferDto? Offer);
