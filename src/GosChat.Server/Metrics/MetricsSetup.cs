using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GosChat.Server.Metrics;

/// <summary>
/// OpenTelemetry metrics: the <c>goschat_*</c> instruments (<see cref="GosChatMetrics"/>), ASP.NET Core's and the
/// runtime's, served as Prometheus text on <c>/metrics</c> of the main port to loopback and the configured scrapers
/// (others get 403), and pushed over OTLP when <c>GosChat:Metrics:OtlpEndpoint</c> is set.
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static IServiceCollection AddGosChatMetrics(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GosChatMetrics>();
        services.AddSingleton<ISessionObserver, SessionMetricsObserver>();
        services.AddHostedService<RedisLatencyProbe>();
        var otlp = config[$"{MetricsOptions.Section}:{nameof(MetricsOptions.OtlpEndpoint)}"];
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("goschat"))
            .WithMetrics(m =>
            {
                m.AddMeter(GosChatMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp) && Uri.TryCreate(otlp, UriKind.Absolute, out var endpoint))
                    m.AddOtlpExporter(o => o.Endpoint = endpoint);
            });
        return services;
    }

    public static WebApplication MapGosChatMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<GosChatMetrics>();
        app.Services.GetRequiredService<ContactCentre>().Dispatcher.OfferExpired += o => metrics.Expired(o.Queue, o.Channel);
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>();
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (options.Value.Allows(context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 403, Title = "Forbidden", Detail = "Metrics are served to loopback and to the addresses in GosChat:Metrics:AllowedScrapers." },
            });
        }), optionsName: null);
        return app;
    }
}
