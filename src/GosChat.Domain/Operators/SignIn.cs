using NodaTime;

namespace GosChat.Domain.Operators;

/// <summary>
/// One sign-in of an operator, kept in the store: its token and cookie name it by <see cref="Id"/>, and every request
/// and hub connection is checked against it, so a logout or a removed account ends it at once on every node.
/// </summary>
public sealed record SignIn(string Id, string OperatorId, Instant IssuedAt, Instant ExpiresAt, Instant? RevokedAt = null)
{
    public bool IsValidAt(Instant now) => RevokedAt is null && now < ExpiresAt;
}
