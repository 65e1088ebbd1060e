using GosChat.Domain.Calls;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Calls;

public sealed class CallIndicatorTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private static readonly Instant Now = T0 + Duration.FromSeconds(300);

    private static Session Chat(SessionState state = SessionState.Active, VoiceCall? voice = null, Instant? closedAt = null) => new()
    {
        Id = "s1", Ticket = "300000001", Queue = "102", Channel = Channel.Chat, State = state, AssignedAt = T0, Voice = voice, ClosedAt = closedAt,
    };

    [TestCase(VoiceCallStates.AwaitingPhone, "awaitingPhone", null, TestName = "Voice_AwaitingPhone_NoDuration")]
    [TestCase(VoiceCallStates.Requested, "ringing", null, TestName = "Voice_Requested_Ringing")]
    [TestCase(VoiceCallStates.Connected, "connected", 240, TestName = "Voice_Connected_DurationSoFar")]
    [TestCase(VoiceCallStates.Ended, "ended", 90, TestName = "Voice_Ended_DurationConnectedToEnded")]
    public void ChatToVoice_StatesAndDurations(string voiceState, string shown, int? duration)
    {
        var connected = voiceState is VoiceCallStates.Connected or VoiceCallStates.Ended ? T0 + Duration.FromSeconds(60) : (Instant?)null;
        var ended = voiceState == VoiceCallStates.Ended ? T0 + Duration.FromSeconds(150) : (Instant?)null;
        var voice = new VoiceCall("goschat-1", voiceState, "op102", T0, connected, ended);

        var call = CallIndicator.Of(Chat(voice: voice), Now)!;

        Assert.That(call.State, Is.EqualTo(shown));
        Assert.That(call.DurationSeconds, Is.EqualTo(duration));
        Assert.That(call.EndedAt, Is.EqualTo(ended));
    }

    [Test]
    public void ConnectedCall_OfAClosedChat_IsEnded_AtTheClose()
    {
        var voice = new VoiceCall("goschat-1", VoiceCallStates.Connected, "op102", T0, T0 + Duration.FromSeconds(10));
        var call = CallIndicator.Of(Chat(SessionState.Closed, voice, T0 + Duration.FromSeconds(70)), Now)!;

        Assert.That(call.State, Is.EqualTo("ended"));
        Assert.That(call.DurationSeconds, Is.EqualTo(60));
    }

    [TestCase(SessionState.Offered, "ringing", null)]
    [TestCase(SessionState.Active, "connected", 300)]
    [TestCase(SessionState.Closed, "ended", 120)]
    public void ACallSession_ShowsItsOwnState(SessionState state, string shown, int? duration)
    {
        var session = Chat(state, closedAt: state == SessionState.Closed ? T0 + Duration.FromSeconds(120) : null) with
        {
            Channel = Channel.Call, AssignedAt = state == SessionState.Offered ? null : T0,
        };

        var call = CallIndicator.Of(session, Now)!;

        Assert.That(call.State, Is.EqualTo(shown));
        Assert.That(call.DurationSeconds, Is.EqualTo(duration));
    }

    [Test]
    public void AChatNeverAskedToCall_HasNoCall() => Assert.That(CallIndicator.Of(Chat(), Now), Is.Null);
}
