using GosChat.Domain.Jobs;
using GosChat.Server.Api;
using GosChat.Server.Composition;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Jobs;

/// <summary>
/// Delayed and retried work on Hangfire: the storage beside the rest of the storage, this node's Hangfire server,
/// the domain's scheduling port on it, the dispatcher that hands woken jobs to the domain, and (in
/// <see cref="MapGosChatJobs"/>) the supervisors' dashboard at /hangfire and jobs view.
/// Hangfire's process-wide defaults are not used: storage, activator and filters come from this node's services.
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddGosChatJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();

        // JobStorage comes with the rest of the storage (StorageSetup).
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<WokeEarlyFilter>();
        services.AddSingleton(sp => new RetryPolicyFilter(
            sp.GetRequiredService<IOptions<JobsOptions>>().Value.Retry, sp.GetServices<JobRetryRule>()));
        services.AddSingleton<IJobFilterProvider, GosChatJobFilterProvider>();
        services.AddHangfire((sp, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogBridge(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.ShutdownTimeout = options.ShutdownTimeout;
        });

        services.AddSingleton<JobIndex>();
        services.AddSingleton(sp => new StorageThreads(sp.GetRequiredService<IOptions<JobsOptions>>().Value.StorageThreads));
        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddSingleton(sp => new JobDispatcher(sp.GetServices<IJobHandler>(), sp.GetRequiredService<IClock>()));
        services.AddSingleton<JobMonitor>();
        return services;
    }

    /// <summary>The dashboard at <see cref="DashboardPath"/> (supervisors only) and the jobs view's API.</summary>
    public static WebApplication MapGosChatJobs(this WebApplication app)
    {
        // Like the staff pages, the dashboard (with its requeue and delete buttons) may not be framed by any page.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(DashboardPath), dashboard => dashboard.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                http.Response.Headers.XFrameOptions = "DENY";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            await next(http);
        }));
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new SupervisorDashboardAuthorization()],
            AppPath = "/supervisor/",
            DashboardTitle = "GosChat — jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        app.MapJobsView();
        var storage = StorageSetup.UsesRedis(app.Configuration)
            ? "Redis, keys under " + app.Services.GetRequiredService<IOptions<JobsOptions>>().Value.RedisPrefix
            : "in process (Hangfire.InMemory)";
        JobsLog.Storage(app.Logger, storage);
        return app;
    }
}
