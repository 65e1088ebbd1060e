using System.Security.Claims;

namespace GosChat.Server.Auth;

/// <summary>Right after authentication: a request whose sign-in has ended is anonymous from here on.</summary>
public static class SignInValidation
{
    public static IApplicationBuilder UseSignInValidation(this IApplicationBuilder app) => app.Use((http, next) =>
        // An anonymous request (every citizen connection) is passed on without awaiting it: a hub connection's
        // request lasts as long as the connection.
        http.User.Identity is { IsAuthenticated: true } identity ? ValidateAsync(http, identity, next) : next(http));

    private static async Task ValidateAsync(HttpContext http, System.Security.Principal.IIdentity identity, RequestDelegate next)
    {
        var signIns = http.RequestServices.GetRequiredService<SignInService>();
        http.User = await signIns.ValidateAsync(http.User, identity.AuthenticationType ?? AuthSetup.Scheme)
                    ?? new ClaimsPrincipal(new ClaimsIdentity());
        await next(http);
    }
}
