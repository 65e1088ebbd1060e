using System.Globalization;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using NodaTime;

namespace GosChat.Server.Jobs;

/// <summary>One Hangfire job as the supervisors' jobs view shows it.</summary>
/// <param name="Id">Our job id (or Hangfire's, for a job not made by GosChat).</param>
/// <param name="HangfireId">Hangfire's id: the job's page is /hangfire/jobs/details/{HangfireId}.</param>
/// <param name="Kind">The job kind, e.g. deadline.breach.</param>
/// <param name="State">One of <see cref="JobMonitor.States"/>.</param>
/// <param name="DueAt">When it is due on the application clock.</param>
/// <param name="Attempts">Retries so far (Hangfire's RetryCount).</param>
/// <param name="LastError">Why the last attempt failed (failed, or scheduled for a retry).</param>
public sealed record JobView(string Id, string HangfireId, string Kind, string State, Instant? DueAt, int Attempts, string? LastError);

/// <summary>
/// Reads Hangfire's monitoring API for the supervisors' jobs view, and retries a failed job (Hangfire's requeue).
/// Lists are bounded by the caller's limit per state.
/// </summary>
public sealed class JobMonitor(JobStorage storage, IBackgroundJobClient client, JobIndex index)
{
    public const string Scheduled = "scheduled", Enqueued = "enqueued", Processing = "processing", Failed = "failed", Succeeded = "succeeded";

    /// <summary>The states that can be listed; without one, the list holds the unfinished and failed jobs.</summary>
    public static IReadOnlyList<string> States { get; } = [Scheduled, Enqueued, Processing, Failed, Succeeded];

    public IReadOnlyList<JobView> List(string? state, int max)
    {
        var api = storage.GetMonitoringApi();
        using var connection = storage.GetConnection();
        var found = new List<(string HangfireId, Hangfire.Common.Job? Job, string State, string? Error)>();
        foreach (var wanted in state is null ? new[] { Processing, Enqueued, Scheduled, Failed } : [state])
        {
            if (found.Count >= max) break;
            var room = max - found.Count;
            switch (wanted)
            {
                case Processing:
                    found.AddRange(api.ProcessingJobs(0, room).Select(j => (j.Key, j.Value?.Job, Processing, (string?)null)));
                    break;
                case Enqueued:
                    foreach (var queue in api.Queues())
                        found.AddRange(api.EnqueuedJobs(queue.Name, 0, room).Select(j => (j.Key, j.Value?.Job, Enqueued, (string?)null)));
                    break;
                case Scheduled:
                    // Hangfire orders them by its wake-up time; show them by the due time on the application clock.
                    found.AddRange(api.ScheduledJobs(0, room).OrderBy(j => JobArgs.Of(j.Value?.Job)?.DueAtUnixMs ?? long.MaxValue)
                        .Select(j => (j.Key, j.Value?.Job, Scheduled, (string?)null)));
                    break;
                case Failed:
                    found.AddRange(api.FailedJobs(0, room).Select(j => (j.Key, j.Value?.Job, Failed, (string?)$"{j.Value?.ExceptionType}: {j.Value?.ExceptionMessage}")));
                    break;
                case Succeeded:
                    found.AddRange(api.SucceededJobs(0, room).Select(j => (j.Key, j.Value?.Job, Succeeded, (string?)null)));
                    break;
            }
        }
        return found.Take(max).Select(j => View(connection, j.HangfireId, j.Job, j.State, j.Error)).ToList();
    }

    /// <summary>
    /// Puts a failed job back in the queue (Hangfire's requeue; its retry count is kept). <paramref name="id"/> is
    /// our job id or Hangfire's. Null when there is no such failed job.
    /// </summary>
    public JobView? Retry(string id)
    {
        var hangfireId = index.Find(id)?.HangfireId ?? id;
        if (!client.Requeue(hangfireId, FailedState.StateName)) return null;
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(hangfireId);
        return View(connection, hangfireId, data?.Job, StateName(data?.State), null);
    }

    private static JobView View(IStorageConnection connection, string hangfireId, Hangfire.Common.Job? job, string state, string? error)
    {
        var args = JobArgs.Of(job);
        var attempts = int.TryParse(connection.GetJobParameter(hangfireId, "RetryCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (error is null && state == Scheduled && attempts > 0) error = connection.GetStateData(hangfireId)?.Reason;
        return new JobView(args?.Id ?? hangfireId, hangfireId, args?.Kind ?? job?.ToString() ?? "", state, args?.DueAt, attempts, error);
    }

    /// <summary>Hangfire's state names (Scheduled, Enqueued, …) are ours in lower case.</summary>
    private static string StateName(string? hangfireState) => (hangfireState ?? "unknown").ToLowerInvariant();
}
