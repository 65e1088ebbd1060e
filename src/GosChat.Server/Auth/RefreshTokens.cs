using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Server.Auth;

/// <summary>What a refresh came to.</summary>
public enum RefreshResult
{
    Refreshed,
    /// <summary>Unknown, malformed, or its sign-in has ended (logout, expiry, removed account).</summary>
    Refused,
    /// <summary>A credential already rotated away was presented: someone else may hold the current one, so the sign-in is ended.</summary>
    Reused,
}

/// <summary>
/// Rotating refresh credentials tied to the server-side sign-in record: "{signInId}.{secret}", of which only a hash
/// of the current secret is stored. Each refresh swaps it for a new one in one atomic step (<see cref="ISignInStore.SwapRefreshAsync"/>),
/// so a credential works once; presenting a used one ends the whole sign-in (as OAuth's security practice advises for
/// refresh tokens). A refresh works only while the sign-in and its account are valid.
/// </summary>
public sealed class RefreshTokens(ISignInStore store, OperatorDirectory directory, IClock clock)
{
    /// <summary>The first credential of a new sign-in.</summary>
    public async Task<string> IssueAsync(SignIn signIn)
    {
        var secret = NewSecret();
        if (!await store.SwapRefreshAsync(signIn.Id, null, Hash(secret), Keep(signIn)))
            throw new InvalidOperationException("The sign-in already has a refresh credential.");
        return signIn.Id + "." + secret;
    }

    /// <summary>Rotates <paramref name="presented"/>: the sign-in, its account and the next credential when it is the current one.</summary>
    public async Task<(RefreshResult Result, SignIn? SignIn, OperatorAccount? Account, string? Next)> RotateAsync(string? presented)
    {
        var dot = presented?.IndexOf('.') ?? -1;
        if (presented is null || dot <= 0 || dot == presented.Length - 1 || presented.Length > 200) return (RefreshResult.Refused, null, null, null);
        var id = presented[..dot];
        var now = clock.GetCurrentInstant();
        var found = await store.GetAsync([id]);
        if (!found.TryGetValue(id, out var signIn) || !signIn.IsValidAt(now) || directory.Find(signIn.OperatorId) is not { } account)
            return (RefreshResult.Refused, null, null, null);
        var next = NewSecret();
        if (await store.SwapRefreshAsync(id, Hash(presented[(dot + 1)..]), Hash(next), Keep(signIn)))
            return (RefreshResult.Refreshed, signIn, account, id + "." + next);
        await store.RevokeAsync(id, now);
        return (RefreshResult.Reused, signIn, null, null);
    }

    private TimeSpan Keep(SignIn signIn) => (signIn.ExpiresAt - signIn.IssuedAt).ToTimeSpan() + TimeSpan.FromDays(1);

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
