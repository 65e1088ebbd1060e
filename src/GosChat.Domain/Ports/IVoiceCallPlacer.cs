using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>Asks the telephony platform to place a chat's call to its citizen (the server's signed webhook, docs/ivr.md).</summary>
public interface IVoiceCallPlacer
{
    /// <summary>False when no platform can be asked (no webhook configured): operators are refused at once.</summary>
    bool IsAvailable { get; }

    /// <summary>Asks, durably (at least once), for the call of <paramref name="session"/>'s <see cref="Session.Voice"/> to its phone.</summary>
    Task PlaceAsync(Session session);
}
