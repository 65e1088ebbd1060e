using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Serialization;
using GosChat.Domain.Topics;
using GosChat.Server.Lines;
using GosChat.Server.Api;
using GosChat.Server.Api.Ivr;
using GosChat.Server.Auth;
using GosChat.Server.Connections;
using GosChat.Server.Hubs;
using GosChat.Server.Jobs;
using GosChat.Server.Limits;
using GosChat.Server.Metrics;
using GosChat.Server.Stats;
using GosChat.Server.Notifications;
using GosChat.Server.Privacy;
using GosChat.Server.Requests;
using GosChat.Server.Scheduling;
using GosChat.Server.Time;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Composition;

/// <summary>The composition root: everything a GosChat node needs, from configuration.</summary>
public static class GosChatSetup
{
    public const string WidgetCors = "widget";

    public static WebApplicationBuilder AddGosChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WidgetOriginOptions>().BindConfiguration(WidgetOriginOptions.Section);

        // Time: the only place the system clock is named. Tests replace IClock with a fake one, and the
        // framework's TimeProvider (authentication, cookies, rate limits) reads the same clock.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => new ClockTimeProvider(sp.GetRequiredService<IClock>())));

        services.AddGosChatLogRedaction();
        services.Configure<LoggerFilterOptions>(o => o.CaptureScopes = LogScopes.Wanted(config));
        builder.AddGosChatKeyRing();
        services.AddGosChatEncryption(config);
        services.AddGosChatStorage(config);
        services.AddGosChatJobs(config);
        services.AddGosChatDeadlines(config);
        services.AddGosChatCitizenHistory(config);
        services.AddGosChatPersonalData(config);
        services.AddGosChatAttachmentLinks();
        services.AddGosChatLimits(config);
        services.AddGosChatWebPages(config);
        services.AddGosChatConnections();
        services.AddGosChatMetrics(config);
        services.AddGosChatStats(config);
        AddSchedules(services, config);
        services.AddSingleton<ITopicRouter>(new TopicDetector(config.GetSection(TopicOptions.Section).Get<TopicOptions>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RoutingOptions>>().Value.ToDomain());
        services.AddSingleton<Hubs.CitizenTabs>();
        services.AddSingleton<IContactCentreEvents, HubNotifier>();
        services.AddSingleton(sp => new ContactCentre(
            sp.GetRequiredService<IRoutingStore>(),
            sp.GetRequiredService<IMessageStore>(),
            sp.GetRequiredService<ITicketSequence>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<ContactCentreOptions>(),
            sp.GetRequiredService<IContactCentreEvents>(),
            sp.GetRequiredService<IWorkingHours>(),
            sp.GetRequiredService<ITopicRouter>(),
            sp.GetServices<ISessionObserver>(),
            sp.GetRequiredService<GosChat.Domain.Citizens.CitizenIdentities>()));
        services.TryAddSingleton<GosChat.Domain.Deadlines.IDeadlineScheduler, GosChat.Domain.Deadlines.NoDeadlines>();
        services.AddSingleton<QueueStatsPublisher>();
        services.AddGosChatNotifications();
        services.AddGosChatLines();
        services.AddGosChatIvr(config);
        services.AddGosChatRequests(config);
        services.AddSingleton(sp => new StatusService(sp.GetRequiredService<ContactCentre>(), sp.GetRequiredService<IOptions<RoutingOptions>>().Value.TimeZone,
            sp.GetRequiredService<GosChat.Domain.Lines.LineDirectory>(), sp.GetRequiredService<GosChat.Domain.Lines.LineHours>()));
        services.AddHostedService<RoutingSweepService>();

        var operators = config.GetSection("Operators").Get<List<OperatorAccountOptions>>() ?? [];
        services.AddSingleton(new OperatorDirectory(operators, builder.Environment.IsDevelopment()));
        services.AddGosChatAuth();

        // On Redis, AddGosChatStorage has already made SignalR scale out over the Redis backplane.
        services.AddSignalR(o =>
            {
                o.AddFilter<HubErrorFilter>();
                o.AddFilter<CitizenHubLimitFilter>();
                o.EnableDetailedErrors = true; // safe: HubErrorFilter replaces every unexpected exception with a generic error
                o.MaximumReceiveMessageSize = 64 * 1024;
            })
            .AddJsonProtocol(o => DomainJson.Configure(o.PayloadSerializerOptions));
        services.Configure<JsonOptions>(o => DomainJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddHealthChecks()
            .AddCheck<DrainHealthCheck>("stopping")
            .AddCheck<RedisHealthCheck>("storage")
            .AddCheck<CalendarHealthCheck>("calendar");
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WidgetOriginOptions>>((cors, widget) => cors.AddPolicy(WidgetCors, p =>
        {
            if (widget.Value.AllowedOrigins.Count > 0)
                p.WithOrigins([.. widget.Value.AllowedOrigins]).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
        }));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "Too many attempts; wait a minute and try again." },
                });
            };
            o.AddPolicy("login", http => ClockRateLimitPartition.PerMinute(http, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                http.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.LoginAttemptsPerMinute));
        });
        services.AddGosChatProxy();
        services.AddOpenApi();
        return builder;
    }

    private static void AddSchedules(IServiceCollection services, IConfiguration config)
    {
        var zone = ScheduleFactory.ResolveZone(config["GosChat:TimeZone"]);
        var calendar = ScheduleFactory.BuildCalendar(config.GetSection("GosChat:Calendar").Get<CalendarOptions>());
        var queues = ScheduleFactory.BuildAllQueueHours(
            config.GetSection("GosChat:Queues").Get<Dictionary<string, QueueScheduleOptions>>(), zone, calendar);
        var languages = ScheduleFactory.BuildLanguages(
            config.GetSection("GosChat:Languages").Get<Dictionary<string, LanguageOptions>>(), zone);
        var hours = new ScheduledWorkingHours(queues, languages);
        services.AddSingleton(hours);
        services.AddSingleton(languages);
        services.AddSingleton(sp => new CalendarCoverage(calendar, zone, sp.GetRequiredService<IClock>()));
        services.TryAddSingleton<IWorkingHours>(hours);
    }

    public static WebApplication MapGosChat(this WebApplication app)
    {
        app.UseGosChatProxy();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaffPageHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseDrainGate();
        app.UseHubOriginCheck(app.Services.GetRequiredService<IOptions<WidgetOriginOptions>>().Value.AllowedOrigins);
        app.UseCitizenConnectionLimit();
        app.UseCors();
        // The citizen hub is anonymous (the contract): its connections skip authentication, whose handlers would stay
        // with each connection's request for as long as it lasts.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments(ChatHub.Path), signedIn => signedIn
            .UseAuthentication()
            .UseSignInValidation());
        // WebApplication adds authentication in front of everything unless the root builder says it is in place (a
        // branch's builder does not tell the root).
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapGosChatAuth();
        app.MapGosChatJobs();
        app.MapGet("/api/status", (StatusService status, string? line) => status.GetAsync(line)).RequireCors(WidgetCors).WithName("Status");
        // No long polling for citizens: its connections are many short requests that no per-address gauge can count.
        // Mapped as MapHub does, plus an outgoing buffer per connection: no send waits for someone else's socket.
        app.MapGosChatHub<ChatHub>(ChatHub.Path, o => o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents)
            .RequireCors(WidgetCors);
        app.MapGosChatHub<OperatorHub>(OperatorHub.Path);
        app.MapGosChatIvr();
        app.MapGosChatRequests();
        app.MapGosChatWebPages();
        app.MapGosChatPersonalData();
        app.MapOpenApi("/openapi/v1.json");
        app.MapGosChatMetrics();
        app.MapGosChatStats();

        var storage = StorageSetup.UsesRedis(app.Configuration) ? "Redis" : "embedded in-process store (single node; queues, sessions, messages and jobs are lost on a restart; ticket numbers and attachments are kept in " + DataFolder.Of(app.Configuration) + ")";
        StartupLog.Storage(app.Logger, storage);
        if (KeyRingSetup.IsUnprotected(app.Configuration))
            StartupLog.KeyRingUnprotected(app.Logger);
        _ = app.Services.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>(); // its key now, not at the first write
        if (EncryptionSetup.UsesDevelopmentKey(app.Configuration))
            EncryptionLog.DevelopmentKey(app.Logger);
        if (!app.Services.GetRequiredService<ServerSecretOptions>().IsSet)
            StartupLog.ServerSecretUnset(app.Logger);
        if (app.Services.GetRequiredService<CalendarCoverage>().Gap() is { } gap)
            StartupLog.CalendarRunsOut(app.Logger, CalendarCoverage.Describe(gap));
        return app;
    }
}

internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "GosChat storage: {Storage}")]
    public static partial void Storage(ILogger logger, string storage);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "The Data Protection key ring is stored unencrypted (no GosChat:DataProtection:CertificatePath); allowed in Development only")]
    public static partial void KeyRingUnprotected(ILogger logger);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "No GosChat:ServerSecret: citizen history keys and download links use the public Development secret; allowed in Development only")]
    public static partial void ServerSecretUnset(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void CalendarRunsOut(ILogger logger, string problem);
}
