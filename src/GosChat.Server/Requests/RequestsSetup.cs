using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Scheduling;
using GosChat.Server.Time;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Requests;

/// <summary>Request cards: the domain service on the store's <see cref="IRequestStore"/>, its observers, the lookup endpoint and its limit.</summary>
public static class RequestsSetup
{
    public static IServiceCollection AddGosChatRequests(this IServiceCollection services)
    {
        services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRequestObserver, CitizenRequestPush>();
        services.AddSingleton(sp =>
        {
            var hours = sp.GetRequiredService<ScheduledWorkingHours>();
            return new RequestService(sp.GetRequiredService<IRequestStore>(), sp.GetRequiredService<ContactCentre>().Operators,
                sp.GetRequiredService<IClock>(), hours.Schedule, sp.GetServices<IRequestObserver>());
        });
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RequestEndpoints.RateLimitPolicy, http =>
            ClockRateLimitPartition.PerMinute(http, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                http.RequestServices.GetRequiredService<IOptions<RequestOptions>>().Value.LookupsPerMinute)));
        return services;
    }

    public static WebApplication MapGosChatRequests(this WebApplication app)
    {
        app.MapRequests();
        return app;
    }
}
