using GosChat.Domain;
using GosChat.Domain.Jobs;
using GosChat.Server.Auth;
using NodaTime;

namespace GosChat.Server.Api;

/// <summary>One job as the supervisors' jobs view shows it.</summary>
public sealed record JobDto(string Id, string Type, string State, Instant DueAt, int Attempts, string? LastError, Instant? LeaseUntil, Instant CreatedAt)
{
    public static JobDto From(JobRecord job) => new(job.Id, job.Type, JobStates.Name(job.State), job.DueAt, job.Attempts, job.LastError, job.LeaseUntil, job.CreatedAt);
}

public sealed record JobListDto(IReadOnlyList<JobDto> Jobs);

/// <summary>Wire names of <see cref="JobState"/>: scheduled, running, failed, dead.</summary>
public static class JobStates
{
    public static string Name(JobState state) => state.ToString().ToLowerInvariant();

    public static JobState? Parse(string? text) => text switch
    {
        null or "" => null,
        "scheduled" => JobState.Scheduled,
        "running" => JobState.Running,
        "failed" => JobState.Failed,
        "dead" => JobState.Dead,
        _ => throw DomainException.BadRequest("bad_state", $"Unknown job state '{text}'. Valid: scheduled, running, failed, dead."),
    };
}

/// <summary>
/// The supervisors' jobs view: <c>GET /api/supervisor/jobs?state=scheduled|running|failed|dead&amp;limit=N</c> lists
/// durable jobs (deadline checks and the like), <c>POST /api/supervisor/jobs/{id}/retry</c> runs a dead-lettered
/// job again. Supervisors only; errors are problem details.
/// </summary>
public static class JobsEndpoints
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapGosChatJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervisor/jobs").RequireAuthorization(AuthSetup.SupervisorPolicy);

        group.MapGet("", async (string? state, int? limit, IJobStore jobs) =>
        {
            var wanted = JobStates.Parse(state);
            var max = limit ?? DefaultLimit;
            if (max is < 1 or > MaxLimit)
                throw DomainException.BadRequest("bad_limit", $"limit must be from 1 to {MaxLimit}.");
            var list = await jobs.ListAsync(wanted, max);
            return new JobListDto(list.Select(JobDto.From).ToList());
        }).WithName("ListJobs");

        group.MapPost("/{id}/retry", async (string id, IJobStore jobs, IClock clock) =>
        {
            if (!await jobs.RetryDeadAsync(id, clock.GetCurrentInstant()))
                throw DomainException.NotFound("job_not_dead", "No dead-lettered job has this id.");
            var job = await jobs.GetAsync(id);
            return job is null ? Results.NoContent() : Results.Ok(JobDto.From(job));
        }).WithName("RetryJob");

        return app;
    }
}
