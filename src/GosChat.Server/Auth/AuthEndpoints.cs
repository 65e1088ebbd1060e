using GosChat.Domain;
using GosChat.Domain.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Auth;

public sealed record LoginRequest(string? Login, string? Password);
public sealed record OperatorInfo(string Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Queues, IReadOnlyList<string> Languages, bool Senior);
/// <param name="ExpiresAt">When the access token expires (server clock).</param>
/// <param name="ExpiresInSeconds">The same as seconds from now, for clients whose clock differs.</param>
/// <param name="RefreshToken">Single-use: POST /api/auth/refresh with it for the next access token (and the next refresh token).</param>
/// <param name="SignInExpiresAt">When the sign-in ends; no refresh after it.</param>
public sealed record LoginResponse(string AccessToken, OperatorInfo Operator, Instant ExpiresAt,
    string? RefreshToken = null, long? ExpiresInSeconds = null, Instant? SignInExpiresAt = null);
public sealed record RefreshRequest(string? RefreshToken);

public static class AuthEndpoints
{
    public static void MapGosChatAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, HttpContext http, OperatorDirectory directory, SignInService signIns,
                LoginThrottle throttle, IOptionsMonitor<BearerTokenOptions> bearer, IOptions<SignInOptions> lifetimes, RefreshTokens refresh,
                IClock clock, ILoggerFactory logs) =>
            {
                if (request is null || string.IsNullOrWhiteSpace(request.Login) || string.IsNullOrEmpty(request.Password))
                    return Results.Problem(statusCode: 400, title: "Bad request", detail: "login and password are required.");
                var login = request.Login.Trim();
                var log = logs.CreateLogger("GosChat.Auth");
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (await throttle.LockedForAsync(login) is { } locked)
                {
                    AuthLog.SignInLocked(log, address, LoginThrottle.Hash(login));
                    return Results.Problem(statusCode: 429, title: "Too many requests",
                        detail: $"Too many wrong passwords for this login; try again in {Math.Ceiling(locked.TotalMinutes):0} min.",
                        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.AccountLocked });
                }
                var account = directory.Verify(login, request.Password);
                if (account is null)
                {
                    await throttle.FailedAsync(login);
                    AuthLog.SignInRefused(log, address, LoginThrottle.Hash(login));
                    return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Wrong login or password.");
                }

                var signIn = await signIns.StartAsync(account, Duration.FromTimeSpan(lifetimes.Value.SignInLifetime));
                // The cookie (staff pages' HTTP API, HttpOnly, SameSite=Strict) lasts the sign-in; the bearer token is short.
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    SignInService.Principal(account, signIn, CookieAuthenticationDefaults.AuthenticationScheme), new AuthenticationProperties
                    {
                        IssuedUtc = signIn.IssuedAt.ToDateTimeOffset(),
                        ExpiresUtc = signIn.ExpiresAt.ToDateTimeOffset(),
                    });
                AuthLog.SignedIn(log, account.Id);
                return Results.Ok(Issue(account, signIn, await refresh.IssueAsync(signIn), bearer, clock));
            })
            .RequireRateLimiting("login")
            .WithName("Login");

        // A new access token (and the next refresh token) for a sign-in that is still valid; each refresh token works once.
        app.MapPost("/api/auth/refresh", async (RefreshRequest? request, RefreshTokens refresh, SignedInConnections connections,
                IOptionsMonitor<BearerTokenOptions> bearer, IClock clock, ILoggerFactory logs) =>
            {
                var (result, signIn, account, next) = await refresh.RotateAsync(request?.RefreshToken);
                if (result == RefreshResult.Refreshed) return Results.Ok(Issue(account!, signIn!, next!, bearer, clock));
                if (result == RefreshResult.Reused)
                {
                    AuthLog.RefreshReused(logs.CreateLogger("GosChat.Auth"), signIn!.OperatorId);
                    connections.Close(new HashSet<string>(StringComparer.Ordinal) { signIn.Id });
                }
                return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The refresh token is not valid (used, or its sign-in has ended); sign in again.",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.RefreshRefused });
            })
            .RequireRateLimiting("login")
            .WithName("RefreshSignIn");

        // Ends the sign-in everywhere: the token, the cookie and the operator's open hub connections on every node.
        app.MapPost("/api/auth/logout", async (HttpContext http, SignInService signIns, SignedInConnections connections) =>
        {
            if (http.User.FindFirstValue(SignInService.ClaimType) is { } signInId)
            {
                await signIns.EndAsync(signInId);
                connections.Close(new HashSet<string>(StringComparer.Ordinal) { signInId });
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });

        app.MapGet("/api/auth/me", (HttpContext http, OperatorDirectory directory) =>
                directory.Find(http.User.OperatorId()) is { } account ? Results.Ok(Info(account)) : Results.Problem(statusCode: 401))
            .RequireAuthorization(AuthSetup.OperatorPolicy);
    }

    private static LoginResponse Issue(OperatorAccount account, SignIn signIn, string refreshToken, IOptionsMonitor<BearerTokenOptions> bearer, IClock clock)
    {
        var options = bearer.Get(BearerTokenDefaults.AuthenticationScheme);
        var now = clock.GetCurrentInstant();
        var expires = Instant.Min(now + Duration.FromTimeSpan(options.BearerTokenExpiration), signIn.ExpiresAt);
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(
            SignInService.Principal(account, signIn, BearerTokenDefaults.AuthenticationScheme),
            new AuthenticationProperties { IssuedUtc = now.ToDateTimeOffset(), ExpiresUtc = expires.ToDateTimeOffset() },
            BearerTokenDefaults.AuthenticationScheme));
        return new LoginResponse(token, Info(account), expires, refreshToken, (long)(expires - now).TotalSeconds, signIn.ExpiresAt);
    }

    public static OperatorInfo Info(OperatorAccount a) => new(a.Id, a.Name, a.Roles, a.Queues, a.Languages, a.Senior);
}

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Operator {OperatorId} signed in")]
    public static partial void SignedIn(ILogger logger, string operatorId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "A sign-in from {Address} was refused (wrong login or password; login hash {LoginHash})")]
    public static partial void SignInRefused(ILogger logger, string address, string loginHash);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "A used refresh token of operator {OperatorId} was presented again; the sign-in is ended")]
    public static partial void RefreshReused(ILogger logger, string operatorId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "A sign-in from {Address} was refused: login hash {LoginHash} is locked after wrong passwords")]
    public static partial void SignInLocked(ILogger logger, string address, string loginHash);
}
