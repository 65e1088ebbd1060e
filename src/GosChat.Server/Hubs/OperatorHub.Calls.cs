using GosChat.Domain.Calls;
using GosChat.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Hubs;

/// <summary>The operator hub's chat-to-voice method (docs/ivr.md, "Chat to voice").</summary>
public sealed partial class OperatorHub
{
    /// <summary>
    /// Extension: asks to call the citizen of this operator's active chat. The citizen's connection gets
    /// <c>CallPhoneRequested</c>; once they confirm a number the telephony platform is asked (webhook <c>call.requested</c>).
    /// </summary>
    public async Task<VoiceCallDto> RequestCall(string? sessionId, ChatToVoice voice, IHubContext<ChatHub, IChatClient> citizens)
    {
        var session = await voice.AskAsync(Me, sessionId);
        await citizens.Clients.Group(ChatHub.Group(session.Id))
            .CallPhoneRequested(new CallPhoneRequestedDto(session.Id, session.Phone is null ? null : ContactDetails.Mask(session.Phone)));
        return VoiceCallDto.From(session);
    }
}

/// <summary>Where a chat's call stands: awaitingPhone | requested | connected | ended.</summary>
public sealed record VoiceCallDto(string SessionId, string State)
{
    public static VoiceCallDto From(Session s) => new(s.Id, s.Voice?.State ?? "");
}

/// <summary>The citizen event: the operator would like to call; <paramref name="Phone"/> is the number given at the start, masked (or null).</summary>
public sealed record CallPhoneRequestedDto(string SessionId, string? Phone);
