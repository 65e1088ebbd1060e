using GosChat.Domain.Attachments;
using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Server.Api;
using GosChat.Server.Auth;
using GosChat.Domain.Limits;
using GosChat.Server.Limits;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Composition;

/// <summary>
/// What the web pages need beyond the hubs: the console's configuration, attachments, and the supervisor's
/// overview with the statistics recorder behind it.
/// </summary>
public static class WebPagesSetup
{
    public const string FirstReplyDeadlineKey = "GosChat:Deadlines:ChatFirstReply";

    public static IServiceCollection AddGosChatWebPages(this IServiceCollection services, IConfiguration config)
    {
        var firstReply = config.GetValue(FirstReplyDeadlineKey, TimeSpan.FromMinutes(2));
        services.AddSingleton<ISessionObserver>(sp =>
        {
            var recorder = new StatisticsRecorder(sp.GetRequiredService<IStatisticsStore>(), sp.GetRequiredService<IClock>(), Duration.FromTimeSpan(firstReply));
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Statistics");
            recorder.Failed += ex => StatisticsLog.CountFailed(logger, ex);
            return recorder;
        });
        services.AddSingleton(sp => new QueueHistory(sp.GetRequiredService<IStatisticsStore>()));
        services.AddSingleton<SupervisorOverview>();
        services.AddSingleton(sp =>
        {
            var centre = sp.GetRequiredService<ContactCentre>();
            var limits = sp.GetRequiredService<IOptions<LimitOptions>>().Value;
            return new AttachmentService(centre.Store, centre.Messages, sp.GetRequiredService<IAttachmentStore>(),
                sp.GetRequiredService<IContactCentreEvents>(), centre.Clock, sp.GetRequiredService<AbuseLimits>(),
                new AttachmentQuota(limits.AttachmentsPerSession, limits.AttachmentBytesPerSession, limits.AttachmentsBeforeOperator, limits.AttachmentBytesPerDay),
                centre.Options.ResumeAfterClose);
        });
        return services;
    }

    public static WebApplication MapGosChatWebPages(this WebApplication app)
    {
        var console = ConsoleConfig.Build(app.Configuration);
        app.MapGet("/api/console/config", () => console).RequireAuthorization(AuthSetup.OperatorPolicy).WithName("ConsoleConfig");
        app.MapGet("/api/supervisor/overview", (SupervisorOverview overview) => overview.GetAsync())
            .RequireAuthorization(AuthSetup.SupervisorPolicy).WithName("SupervisorOverview");
        app.MapAttachments();
        return app;
    }
}

internal static partial class StatisticsLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "A statistics count could not be stored; the charts will miss it")]
    public static partial void CountFailed(ILogger logger, Exception exception);
}
