using GosChat.Domain.Engine;
using NodaTime;

namespace GosChat.Domain.Citizens;

/// <summary>
/// Decides which history a new session joins: the key of the caller the telephony platform reported, or of the
/// user a host site signed; none for anything a citizen merely typed.
/// </summary>
public sealed class CitizenIdentities(CitizenKeys keys, SiteUserVerifier sites)
{
    /// <summary>A random secret and no host sites: callers are linked for the life of this process only.</summary>
    public static CitizenIdentities ForThisProcess() => new(CitizenKeys.Random(), SiteUserVerifier.None);

    /// <summary>The history key of the session <paramref name="request"/> starts, or null; refuses a bad signed user.</summary>
    public string? HistoryKeyFor(StartRequest request, Instant now)
    {
        var identity = request.VerifiedCaller is { } caller
            ? CitizenIdentity.Caller(caller)
            : sites.Verify(request.User, request.Origin, now);
        return identity is null ? null : keys.KeyOf(identity);
    }
}
