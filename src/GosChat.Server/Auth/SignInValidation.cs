using System.Security.Claims;

namespace GosChat.Server.Auth;

/// <summary>Right after authentication: a request whose sign-in has ended is anonymous from here on.</summary>
public static class SignInValidation
{
    public static IApplicationBuilder UseSignInValidation(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true } identity)
        {
            var signIns = http.RequestServices.GetRequiredService<SignInService>();
            http.User = await signIns.ValidateAsync(http.User, identity.AuthenticationType ?? AuthSetup.Scheme)
                        ?? new ClaimsPrincipal(new ClaimsIdentity());
        }
        await next(http);
    });
}
