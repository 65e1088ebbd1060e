using GosChat.Domain;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Engine;
using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Server.Auth;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Server.Stats;

public sealed record ForecastTargetDto(double Share, int WithinSeconds);

/// <summary>One open hour of today for one channel (<see cref="HourForecast"/>); <c>hour</c> is local HH:mm.</summary>
public sealed record HourForecastDto(string Hour, Instant Start, string Channel, double ArrivalsPerHour, double HandleSeconds,
    ForecastTargetDto Target, double Concurrency, int OperatorsNeeded, string Basis)
{
    public static HourForecastDto From(HourForecast h) => new(LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(h.Hour), h.Start, h.Channel,
        h.ArrivalsPerHour, h.HandleSeconds, new ForecastTargetDto(h.Target.Share, (int)h.Target.Within.TotalSeconds), h.Concurrency,
        h.OperatorsNeeded, h.Basis);
}

/// <summary>One queue and channel now; the queue's <c>hours</c> (every channel) are on its chat row, a call row has none.</summary>
public sealed record QueueForecastDto(string Queue, int OperatorsNeeded, int OperatorsPresent, double ArrivalsPerHour, double HandleSeconds,
    ForecastTargetDto Target, double Concurrency, double ServiceLevel, IReadOnlyList<HourForecastDto> Hours, string Channel)
{
    public static QueueForecastDto From(QueueForecast f, IReadOnlyList<HourForecast> hours) => new(f.Queue, f.OperatorsNeeded, f.OperatorsPresent,
        f.ArrivalsPerHour, f.HandleSeconds, new ForecastTargetDto(f.Target.Share, (int)f.Target.Within.TotalSeconds), f.Concurrency, f.ServiceLevel,
        f.Channel == "chat" ? hours.Select(HourForecastDto.From).ToList() : [], f.Channel);
}

public sealed record ForecastDto(Instant Now, IReadOnlyList<QueueForecastDto> Queues);

/// <summary>A rating comment; <c>day</c> is the local day (yyyy-MM-dd) the session closed on.</summary>
public sealed record RatingCommentDto(Instant At, int Rating, string Comment, string Day);

public sealed record QueueCommentsDto(string Queue, IReadOnlyList<RatingCommentDto> Comments);

public sealed record CommentsDto(IReadOnlyList<QueueCommentsDto> Queues);

/// <summary>The figures of a period (<see cref="FiguresReport"/>) with its days as yyyy-MM-dd.</summary>
public sealed record FiguresDto(string From, string To, string TimeZone,
    IReadOnlyList<FigureRow> Queues, IReadOnlyList<FigureRow> Channels, IReadOnlyList<FigureRow> Operators, FigureRow Total)
{
    public static FiguresDto Of(FiguresReport r) => new(LocalDatePattern.Iso.Format(r.From), LocalDatePattern.Iso.Format(r.To), r.TimeZone,
        r.Queues, r.Channels, r.Operators, r.Total);
}

/// <summary>Logs of the figures' recorder.</summary>
internal static partial class FiguresLog
{
    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "A contact record could not be stored; the figures over days will miss it")]
    public static partial void RecordFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "A rating comment could not be noted; the supervisors' latest comments will miss it")]
    public static partial void CommentFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Supervisors' figures: <c>GET /api/stats?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c> (local days; JSON, or CSV with
/// <c>format=csv</c> or <c>Accept: text/csv</c>) and <c>GET /api/stats/forecast</c> (staffing, Erlang C).
/// </summary>
public static class StatsEndpoints
{
    public static IServiceCollection AddGosChatStats(this IServiceCollection services, IConfiguration config)
    {
        var zone = ScheduleFactory.ResolveZone(config[SchedulingConfigKeys.TimeZone]);
        services.AddSingleton<ISessionObserver>(sp =>
        {
            var recorder = new ContactRecorder(sp.GetRequiredService<IContactRecordStore>(), zone,
                sp.GetService<ICitizenHistory>(), sp.GetRequiredService<IRoutingStore>());
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Figures");
            recorder.Failed += ex => FiguresLog.RecordFailed(logger, ex);
            return recorder;
        });
        services.AddSingleton(sp =>
        {
            var comments = new RatingComments(sp.GetRequiredService<IRatingCommentLog>(), sp.GetRequiredService<IRoutingStore>());
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Figures");
            comments.Failed += ex => FiguresLog.CommentFailed(logger, ex);
            return comments;
        });
        services.AddSingleton<ISessionObserver>(sp => sp.GetRequiredService<RatingComments>());
        services.AddSingleton<GosChat.Domain.Requests.IRequestObserver>(sp =>
        {
            var recorder = new RequestRecorder(sp.GetRequiredService<IContactRecordStore>(), zone);
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GosChat.Figures");
            recorder.Failed += ex => FiguresLog.RecordFailed(logger, ex);
            return recorder;
        });
        services.AddSingleton(sp => new FiguresService(sp.GetRequiredService<IContactRecordStore>(), sp.GetRequiredService<IClock>(), zone,
            sp.GetService<IRequestStore>()));
        services.AddOptions<ForecastOptions>().BindConfiguration(ForecastOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var forecast = sp.GetRequiredService<IOptions<ForecastOptions>>().Value;
            var deadlines = sp.GetRequiredService<DeadlineOptions>();
            var settings = new ForecastSettings(Duration.FromTimeSpan(forecast.Window),
                queue => new ServiceTarget(forecast.TargetShare, deadlines.For(queue, DeadlineKind.FirstResponse, critical: false)),
                forecast.DefaultConcurrency,
                queue => new ServiceTarget(forecast.TargetShare, deadlines.For(queue, DeadlineKind.Answer, critical: false)));
            var centre = sp.GetRequiredService<ContactCentre>();
            return new StaffingForecaster(sp.GetRequiredService<IStatisticsStore>(), centre.Store, centre.Clock, settings, centre.Options);
        });
        services.AddSingleton(sp =>
        {
            var forecast = sp.GetRequiredService<IOptions<ForecastOptions>>().Value;
            var deadlines = sp.GetRequiredService<DeadlineOptions>();
            var centre = sp.GetRequiredService<ContactCentre>();
            var settings = new HourlySettings(forecast.HistoryDays, Duration.FromTimeSpan(forecast.Window), (queue, channel) =>
                new ServiceTarget(forecast.TargetShare, deadlines.For(queue, channel == "call" ? DeadlineKind.Answer : DeadlineKind.FirstResponse, critical: false)));
            return new HourlyForecaster(sp.GetRequiredService<IContactRecordStore>(), centre.Hours, centre.Clock, zone, settings);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapGosChatStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stats").WithTags("Statistics").RequireAuthorization(AuthSetup.SupervisorPolicy);
        group.MapGet("/forecast", async (StaffingForecaster forecaster, HourlyForecaster hourly, IClock clock) =>
        {
            var now = clock.GetCurrentInstant();
            var queues = await forecaster.ForecastAsync();
            var hours = await hourly.ForecastAsync(queues);
            return new ForecastDto(now, queues.Select(q => QueueForecastDto.From(q, hours.GetValueOrDefault(q.Queue) ?? [])).ToList());
        }).WithName("StaffingForecast");
        group.MapGet("/comments", async (int? limit, string? from, string? to, RatingComments comments, FiguresService figures) =>
        {
            Interval? period = null;
            if (!string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to))
            {
                var (first, last) = figures.Days(Date(from, nameof(from)), Date(to, nameof(to)));
                period = figures.Instants(first, last);
            }
            return new CommentsDto((await comments.LatestAsync(limit ?? 10, period)).Select(q => new QueueCommentsDto(q.Queue,
                q.Comments.Select(c => new RatingCommentDto(c.At, c.Rating, c.Comment, LocalDatePattern.Iso.Format(figures.DayOf(c.At)))).ToList())).ToList());
        }).WithName("RatingComments");
        group.MapGet("", async (string? from, string? to, string? format, HttpContext http, FiguresService figures) =>
        {
            var csv = format switch
            {
                null or "" => http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)),
                "csv" => true,
                "json" => false,
                _ => throw DomainException.BadRequest(ErrorCodes.BadRequest, "format must be json or csv."),
            };
            var report = await figures.ReportAsync(Date(from, nameof(from)), Date(to, nameof(to)));
            if (!csv) return Results.Ok(FiguresDto.Of(report));
            var name = $"goschat-figures-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(FiguresCsv.Write(report)), "text/csv; charset=utf-8", name);
        }).WithName("Figures");
        return app;
    }

    private static LocalDate? Date(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var parsed = LocalDatePattern.Iso.Parse(value);
        return parsed.Success ? parsed.Value : throw DomainException.BadRequest(ErrorCodes.BadDate, $"{name} must be a date, yyyy-MM-dd.");
    }
}
