using GosChat.Domain.Operators;
using Hangfire.Dashboard;

namespace GosChat.Server.Jobs;

/// <summary>
/// Hangfire's dashboard (/hangfire) is for supervisors: the request must carry a sign-in (the staff cookie
/// "goschat.auth" or a bearer token, read by the app's authentication) with the supervisor role. Hangfire answers
/// a refusal with 401 when nobody is signed in and 403 when someone without the role is.
/// </summary>
public sealed class SupervisorDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Supervisor));
    }
}
