using System.Security.Claims;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GosChat.Server.Auth;

/// <summary>
/// Operators sign in with a password and get both an opaque bearer token (Data Protection) and a cookie.
/// Hubs take the token from the access_token query string, as SignalR clients send it.
/// </summary>
public static class AuthSetup
{
    public const string Scheme = "GosChat";
    public const string OperatorPolicy = "operator";
    public const string SupervisorPolicy = "supervisor";

    public static IServiceCollection AddGosChatAuth(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInService>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<SignedInConnections>();
        services.AddSingleton<LoginThrottle>();
        services.AddHostedService<SignInWatchService>();
        services.AddAuthentication(Scheme)
            // The hubs take the token only: a cookie would let any page the operator visits open their hub.
            .AddPolicyScheme(Scheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Path.StartsWithSegments("/hubs")
                || ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || ctx.Request.Query.ContainsKey("access_token")
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(BearerTokenDefaults.AuthenticationScheme, o =>
            {
                o.Events.OnMessageReceived = ctx =>
                {
                    var token = ctx.Request.Query["access_token"].ToString();
                    if (!string.IsNullOrEmpty(token) && ctx.Request.Path.StartsWithSegments("/hubs")) ctx.Token = token;
                    return Task.CompletedTask;
                };
            })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "goschat.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = false;
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        // Ticket and cookie expiry are checked on the application clock, the one that stamped them.
        services.AddOptions<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme)
            .Configure<TimeProvider, IOptions<SignInOptions>>((o, time, signIn) =>
            {
                o.TimeProvider = time;
                o.BearerTokenExpiration = signIn.Value.AccessTokenLifetime;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TimeProvider, IOptions<SignInOptions>>((o, time, signIn) =>
            {
                o.TimeProvider = time;
                o.ExpireTimeSpan = signIn.Value.SignInLifetime;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.RequireRole(Roles.Operator, Roles.Supervisor))
            .AddPolicy(SupervisorPolicy, p => p.RequireRole(Roles.Supervisor));
        return services;
    }

    public static string OperatorId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No operator id in the sign-in.");
}
