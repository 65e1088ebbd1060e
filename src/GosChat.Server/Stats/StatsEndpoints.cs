using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Server.Auth;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Stats;

public sealed record ForecastTargetDto(double Share, int WithinSeconds);

public sealed record QueueForecastDto(string Queue, int OperatorsNeeded, int OperatorsPresent, double ArrivalsPerHour, double HandleSeconds,
    ForecastTargetDto Target, double Concurrency, double ServiceLevel)
{
    public static QueueForecastDto From(QueueForecast f) => new(f.Queue, f.OperatorsNeeded, f.OperatorsPresent, f.ArrivalsPerHour, f.HandleSeconds,
        new ForecastTargetDto(f.Target.Share, (int)f.Target.Within.TotalSeconds), f.Concurrency, f.ServiceLevel);
}

public sealed record ForecastDto(Instant Now, IReadOnlyList<QueueForecastDto> Queues);

/// <summary>Supervisors' figures: <c>GET /api/stats/forecast</c> (staffing, Erlang C).</summary>
public static class StatsEndpoints
{
    public static IServiceCollection AddGosChatStats(this IServiceCollection services)
    {
        services.AddOptions<ForecastOptions>().BindConfiguration(ForecastOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var forecast = sp.GetRequiredService<IOptions<ForecastOptions>>().Value;
            var deadlines = sp.GetRequiredService<DeadlineOptions>();
            var settings = new ForecastSettings(Duration.FromTimeSpan(forecast.Window),
                queue => new ServiceTarget(forecast.TargetShare, deadlines.For(queue, DeadlineKind.FirstResponse, critical: false)),
                forecast.DefaultConcurrency);
            var centre = sp.GetRequiredService<ContactCentre>();
            return new StaffingForecaster(sp.GetRequiredService<IStatisticsStore>(), centre.Store, centre.Clock, settings, centre.Options);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapGosChatStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stats").WithTags("Statistics").RequireAuthorization(AuthSetup.SupervisorPolicy);
        group.MapGet("/forecast", async (StaffingForecaster forecaster, IClock clock) =>
            new ForecastDto(clock.GetCurrentInstant(), (await forecaster.ForecastAsync()).Select(QueueForecastDto.From).ToList()))
            .WithName("StaffingForecast");
        return app;
    }
}
