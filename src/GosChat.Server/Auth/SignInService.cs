using System.Security.Claims;
using System.Security.Cryptography;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Server.Auth;

/// <summary>
/// Sign-ins kept in the store. A token or cookie only names its sign-in (<see cref="ClaimType"/>); every request
/// and hub connection is checked against the stored record and the account as configured now, and the principal
/// is rebuilt from the account (roles are never taken from the token). Logout and a removed account end it at once.
/// </summary>
public sealed class SignInService(ISignInStore store, OperatorDirectory directory, IClock clock)
{
    public const string ClaimType = "goschat:sid";

    public async Task<SignIn> StartAsync(OperatorAccount account, Duration lifetime)
    {
        var now = clock.GetCurrentInstant();
        var signIn = new SignIn(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), account.Id, now, now + lifetime);
        await store.SaveAsync(signIn);
        return signIn;
    }

    /// <summary>The principal to use for this request, rebuilt from the account; null when the sign-in has ended.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(ClaimsPrincipal user, string scheme)
    {
        if (user.FindFirstValue(ClaimType) is not { } id) return null;
        var found = await store.GetAsync([id]);
        return found.TryGetValue(id, out var signIn) ? PrincipalFor(signIn, scheme) : null;
    }

    /// <summary>Which of these sign-ins have ended (revoked, expired, forgotten, or their account removed).</summary>
    public async Task<IReadOnlySet<string>> EndedAsync(IReadOnlyCollection<string> ids)
    {
        var found = await store.GetAsync(ids);
        return ids.Where(id => !found.TryGetValue(id, out var s) || PrincipalFor(s, "check") is null).ToHashSet(StringComparer.Ordinal);
    }

    public Task EndAsync(string id) => store.RevokeAsync(id, clock.GetCurrentInstant());

    public Task<int> EndAllAsync(string operatorId) => store.RevokeOperatorAsync(operatorId, clock.GetCurrentInstant());

    public static ClaimsPrincipal Principal(OperatorAccount account, SignIn signIn, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id),
            new(ClaimTypes.Name, account.Name),
            new(ClaimType, signIn.Id),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private ClaimsPrincipal? PrincipalFor(SignIn signIn, string scheme) =>
        signIn.IsValidAt(clock.GetCurrentInstant()) && directory.Find(signIn.OperatorId) is { } account
            ? Principal(account, signIn, scheme)
            : null;
}
