using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Routing;

/// <summary>
/// A session offered to one operator until <see cref="ExpiresAt"/>. The operator may push that back
/// <see cref="ExtensionsLeft"/> more times (GosChat:OfferExtensionsAllowed, each by GosChat:OfferExtension).
/// </summary>
public sealed record Offer
{
    public required string Id { get; init; }
    public required string SessionId { get; init; }
    public required string OperatorId { get; init; }
    public required string Queue { get; init; }
    public Channel Channel { get; init; }
    public Instant CreatedAt { get; init; }
    public Instant ExpiresAt { get; init; }
    public int ExtensionsLeft { get; init; }
    public long Version { get; init; }
}
