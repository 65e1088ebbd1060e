using GosChat.Domain.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Auth;

public sealed record LoginRequest(string? Login, string? Password);
public sealed record OperatorInfo(string Id, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Queues, IReadOnlyList<string> Languages, bool Senior);
public sealed record LoginResponse(string AccessToken, OperatorInfo Operator, Instant ExpiresAt);

public static class AuthEndpoints
{
    public static void MapGosChatAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, HttpContext http, OperatorDirectory directory,
                IOptionsMonitor<BearerTokenOptions> bearer, IClock clock, ILoggerFactory logs) =>
            {
                if (request is null || string.IsNullOrWhiteSpace(request.Login) || string.IsNullOrEmpty(request.Password))
                    return Results.Problem(statusCode: 400, title: "Bad request", detail: "login and password are required.");
                var account = directory.Verify(request.Login.Trim(), request.Password);
                if (account is null)
                {
                    AuthLog.SignInRefused(logs.CreateLogger("GosChat.Auth"));
                    return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Wrong login or password.");
                }

                var options = bearer.Get(BearerTokenDefaults.AuthenticationScheme);
                var now = clock.GetCurrentInstant();
                var expires = now + Duration.FromTimeSpan(options.BearerTokenExpiration);
                var properties = new AuthenticationProperties
                {
                    IssuedUtc = now.ToDateTimeOffset(),
                    ExpiresUtc = expires.ToDateTimeOffset(),
                };
                var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(
                    AuthSetup.Principal(account, BearerTokenDefaults.AuthenticationScheme), properties, BearerTokenDefaults.AuthenticationScheme));
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    AuthSetup.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme), properties);
                AuthLog.SignedIn(logs.CreateLogger("GosChat.Auth"), account.Id);
                return Results.Ok(new LoginResponse(token, Info(account), expires));
            })
            .RequireRateLimiting("login")
            .WithName("Login");

        app.MapPost("/api/auth/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });

        app.MapGet("/api/auth/me", (HttpContext http, OperatorDirectory directory) =>
                directory.Find(http.User.OperatorId()) is { } account ? Results.Ok(Info(account)) : Results.Problem(statusCode: 401))
            .RequireAuthorization(AuthSetup.OperatorPolicy);
    }

    public static OperatorInfo Info(OperatorAccount a) => new(a.Id, a.Name, a.Roles, a.Queues, a.Languages, a.Senior);
}

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Operator {OperatorId} signed in")]
    public static partial void SignedIn(ILogger logger, string operatorId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "A sign-in was refused (wrong login or password)")]
    public static partial void SignInRefused(ILogger logger);
}
