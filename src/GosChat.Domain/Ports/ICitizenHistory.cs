using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// A citizen's earlier sessions, keyed by a <see cref="Citizens.CitizenKeys"/> key (an HMAC of a verified identity under a server secret).
/// </summary>
public interface ICitizenHistory
{
    /// <summary>Records that a session was created for the citizen (idempotent per session id).</summary>
    Task RecordAsync(string citizenKey, string sessionId, Instant createdAt);

    /// <summary>The citizen's session ids, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string citizenKey, int limit);
}
