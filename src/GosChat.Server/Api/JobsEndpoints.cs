using GosChat.Domain;
using GosChat.Server.Auth;
using GosChat.Server.Jobs;
using NodaTime;

namespace GosChat.Server.Api;

/// <summary>One job as the supervisors' jobs view shows it (see <see cref="JobView"/>).</summary>
public sealed record JobDto(string Id, string HangfireId, string Type, string State, Instant? DueAt, int Attempts, string? LastError)
{
    public static JobDto From(JobView job) => new(job.Id, job.HangfireId, job.Kind, job.State, job.DueAt, job.Attempts, job.LastError);
}

public sealed record JobListDto(IReadOnlyList<JobDto> Jobs);

/// <summary>
/// The supervisors' jobs view, read from Hangfire: <c>GET /api/supervisor/jobs?state=scheduled|enqueued|processing|failed|succeeded&amp;limit=N</c>
/// lists jobs (without a state: processing, enqueued, scheduled and failed ones), <c>POST /api/supervisor/jobs/{id}/retry</c>
/// puts a failed job back in the queue. Supervisors only; errors are problem details. The whole of Hangfire is at /hangfire.
/// </summary>
public static class JobsEndpoints
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapJobsView(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervisor/jobs").RequireAuthorization(AuthSetup.SupervisorPolicy);

        group.MapGet("", (string? state, int? limit, JobMonitor jobs) =>
        {
            if (state is { Length: 0 }) state = null;
            if (state is not null && !JobMonitor.States.Contains(state))
                throw DomainException.BadRequest(ErrorCodes.BadState, $"Unknown job state '{state}'. Valid: {string.Join(", ", JobMonitor.States)}.");
            var max = limit ?? DefaultLimit;
            if (max is < 1 or > MaxLimit)
                throw DomainException.BadRequest(ErrorCodes.BadLimit, $"limit must be from 1 to {MaxLimit}.");
            return new JobListDto(jobs.List(state, max).Select(JobDto.From).ToList());
        }).WithName("ListJobs");

        group.MapPost("/{id}/retry", (string id, JobMonitor jobs) =>
        {
            var job = jobs.Retry(id) ?? throw DomainException.NotFound(ErrorCodes.JobNotFailed, "No failed job has this id.");
            return Results.Ok(JobDto.From(job));
        }).WithName("RetryJob");

        return app;
    }
}
