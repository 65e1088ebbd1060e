using GosChat.Domain;
using GosChat.Domain.Attachments;
using GosChat.Domain.Engine;
using GosChat.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Hubs;

/// <summary>
/// The citizen hub (/hubs/chat), anonymous. A connection works on one session at a time: the one it started
/// or resumed. Its events go to the group of that session, so any number of connections (tabs, reconnects,
/// nodes) of the same session receive them.
/// </summary>
public sealed class ChatHub(ContactCentre centre, GosChat.Domain.Lines.LineDirectory lines, CitizenTabs tabs, ILogger<ChatHub> logger)
    : Hub<IChatClient>
{
    public const string Path = "/hubs/chat";

    public const string SessionKey = "sessionId";

    public static string Group(string sessionId) => "session:" + sessionId;

    public async Task<SessionStartedDto> StartSession(StartSessionRequest? request, GosChat.Domain.Requests.RequestChats requestChats)
    {
        request ??= new StartSessionRequest(null, null, null, null, null, null, null, null);
        var start = new StartRequest
        {
            Topic = lines.ChatTopic(request.Line, request.Topic),
            Text = request.Text,
            Language = request.Language,
            Kind = request.Kind,
            Name = request.Name,
            Phone = request.Phone,
            Email = request.Email,
            User = request.User,
            Origin = Context.GetHttpContext()?.Request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : null,
            FromConnection = true,
        };
        // A chat that replies to a request carries its ticket and code; they are checked before anything is created.
        var started = request.ContinueRequest is { } continues
            ? await requestChats.StartAsync(start, continues.Ticket, continues.AccessCode)
            : await centre.Citizens.StartAsync(start);
        await BindAsync(started.Session);
        var s = started.Session;
        return new SessionStartedDto(s.Id, started.ResumeToken, s.Ticket, s.Queue, Wire.State(s.State), started.Position,
            started.EstimatedWaitSeconds, centre.Citizens.NextOpening(s));
    }

    public async Task<SessionSnapshotDto> ResumeSession(string? resumeToken)
    {
        var view = await centre.Citizens.ResumeAsync(resumeToken);
        await BindAsync(view.Session);
        return SessionSnapshotDto.From(view, forOperator: false);
    }

    public async Task<SendResult> SendMessage(string? text, string? clientMessageId)
    {
        var message = await centre.Citizens.SendAsync(CurrentSession(), text, clientMessageId);
        return new SendResult(message.MessageId, message.SentAt, message.Seq);
    }

    public Task Typing(bool isTyping) => centre.Citizens.TypingAsync(CurrentSession(), isTyping);

    public async Task CloseSession() => await centre.Citizens.CloseAsync(CurrentSession());

    public async Task Rate(int score, string? comment = null) => await centre.Citizens.RateAsync(CurrentSession(), score, comment);

    /// <summary>Extension: messages after a sequence number, to fetch what a dropped connection missed.</summary>
    public async Task<IReadOnlyList<MessageDto>> GetMessages(long afterSeq)
    {
        var messages = await centre.Citizens.MessagesAfterAsync(CurrentSession(), afterSeq);
        return messages.Select(MessageDto.Of).ToList();
    }

    /// <summary>Extension: a short-lived signed download link of one of this session's attachments.</summary>
    public async Task<AttachmentLinkDto> GetAttachmentLink(string? attachmentId, AttachmentService attachments, AttachmentLinks links)
    {
        var link = await attachments.LinkAsync(attachmentId, new AttachmentActor.Connection(CurrentSession()), links);
        return new AttachmentLinkDto(link.Url, link.ExpiresAt);
    }

    /// <summary>
    /// Extension (chat to voice): after <c>CallPhoneRequested</c>, the number to call (empty = the one given at the start).
    /// The telephony platform is then asked to call it; the call joins this session.
    /// </summary>
    public async Task<VoiceCallDto> ConfirmCallPhone(string? phone, Domain.Calls.ChatToVoice voice) =>
        VoiceCallDto.From(await voice.ConfirmPhoneAsync(CurrentSession(), phone));

    private async Task BindAsync(Domain.Sessions.Session session)
    {
        var sessionId = session.Id;
        // Listed among the session's citizen nodes before it joins: a push that reads the list afterwards reaches it.
        await centre.Citizens.AttachNodeAsync(session);
        if (Context.Items.TryGetValue(SessionKey, out var previous) && previous is string old && old != sessionId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(old));
            await UnbindAsync(old);
        }
        Context.Items[SessionKey] = sessionId;
        tabs.Add(sessionId, Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(sessionId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SessionKey, out var bound) && bound is string sessionId) await UnbindAsync(sessionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The node's last connection of a session gone, the node leaves the session's list (best effort: a node
    /// left on the list only sends the session's pushes through the backplane, which reaches everyone anyway).</summary>
    private async Task UnbindAsync(string sessionId)
    {
        if (!tabs.Remove(sessionId, Context.ConnectionId)) return;
        try
        {
            await centre.Citizens.DetachNodeAsync(sessionId);
        }
        catch (Exception e) when (e is DomainException or StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogDebug("The node stays listed on a session it no longer holds a citizen connection of: {Reason}", e.Message);
        }
    }

    private string CurrentSession() =>
        Context.Items.TryGetValue(SessionKey, out var id) && id is string s
            ? s
            : throw DomainException.BadRequest(ErrorCodes.NoSession, "This connection has no session: call StartSession or ResumeSession first.");
}
