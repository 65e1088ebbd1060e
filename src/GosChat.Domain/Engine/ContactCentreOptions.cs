using NodaTime;

namespace GosChat.Domain.Engine;

/// <summary>Routing settings (configuration section GosChat).</summary>
public sealed class ContactCentreOptions
{
    /// <summary>How long an operator has to accept an offer (GosChat:OfferTimeout).</summary>
    public Duration OfferTimeout { get; set; } = Duration.FromSeconds(20);
    /// <summary>How much later an offer expires when its operator asks for more time (GosChat:OfferExtension).</summary>
    public Duration OfferExtension { get; set; } = Duration.FromSeconds(20);
    /// <summary>How many times an operator may ask for more time on one offer (GosChat:OfferExtensionsAllowed; 0 = never).</summary>
    public int OfferExtensionsAllowed { get; set; } = 1;
    /// <summary>
    /// How long an operator who declined or let an offer expire is skipped for that session. After an expiry only while
    /// another eligible operator can take it; a lone operator is offered it again at once.
    /// </summary>
    public Duration DeclineCooldown { get; set; } = Duration.FromMinutes(5);
    /// <summary>
    /// The language a session falls back to when nobody on duty speaks its own (GosChat:FallbackLanguage, default ru);
    /// null or empty: no fallback.
    /// </summary>
    public string? FallbackLanguage { get; set; } = Sessions.Languages.Russian;
    /// <summary>How long a session waits for an operator of its own language before it falls back (GosChat:LanguageFallbackWait).</summary>
    public Duration LanguageFallbackWait { get; set; } = Duration.FromSeconds(60);
    /// <summary>How long a disconnected operator keeps their active sessions before they return to the queue.</summary>
    public Duration DisconnectGrace { get; set; } = Duration.FromSeconds(60);
    /// <summary>How long after a session closes its resume token still opens it (to read it and rate it); then never.</summary>
    public Duration ResumeAfterClose { get; set; } = Duration.FromHours(24);
    /// <summary>Assumed handle time of a session until enough real ones are recorded.</summary>
    public Duration DefaultHandleTime { get; set; } = Duration.FromMinutes(3);
    /// <summary>How many recent handle times per queue the wait estimate uses.</summary>
    public int HandleTimeSamples { get; set; } = 20;
    /// <summary>This node's id: operator connections are recorded as "nodeId/connectionId".</summary>
    public string NodeId { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>
    /// How long a node counts as alive after its last heartbeat (sent on every sweep). Connections of a node
    /// that stopped beating (a crash) are dropped by the other nodes, and the disconnect grace period starts.
    /// </summary>
    public TimeSpan NodeHeartbeatTtl { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>How many times a change is re-read and retried when another node changed the same state first.</summary>
    public int MaxCommitAttempts { get; set; } = 20;
}
