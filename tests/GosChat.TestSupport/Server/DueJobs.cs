using GosChat.Server.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.TestSupport.Server;

/// <summary>
/// Drives Hangfire on a test server's fake clock. Hangfire wakes scheduled jobs by its own wall clock, which tests
/// do not wait for: after moving the fake clock, <see cref="RunDueJobsAsync"/> moves every Hangfire job that is due
/// on the fake clock into the queue (as Hangfire's scheduler would at that time) and waits, with a bound, until
/// the node's workers have run everything queued. The job's own re-check against the application clock decides
/// what it does; a job not yet due on the fake clock is left alone.
/// </summary>
public static class DueJobs
{
    /// <summary>Moves the clock by <paramref name="by"/>, then runs the jobs due on it.</summary>
    public static async Task AdvanceAsync(this GosChatServer server, Duration by)
    {
        server.Clock.Advance(by);
        await server.RunDueJobsAsync();
    }

    public static Task AdvanceSecondsAsync(this GosChatServer server, double seconds) => server.AdvanceAsync(Duration.FromSeconds(seconds));

    /// <summary>Sets the clock to <paramref name="to"/>, then runs the jobs due on it.</summary>
    public static async Task ResetClockAsync(this GosChatServer server, Instant to)
    {
        server.Clock.Reset(to);
        await server.RunDueJobsAsync();
    }

    /// <summary>
    /// Queues every scheduled job due on the server's clock (retries included: their due time has passed) and waits
    /// until no job is queued or running on the server's Hangfire storage. Returns the Hangfire ids it queued.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunDueJobsAsync(this GosChatServer server)
    {
        var queued = server.QueueDueJobs();
        await server.WhenRunAsync(queued);
        await server.WhenIdleAsync();
        return queued;
    }

    /// <summary>Queues every scheduled job due on the server's clock without waiting for them; returns their Hangfire ids.</summary>
    public static IReadOnlyList<string> QueueDueJobs(this GosChatServer server)
    {
        var storage = server.Services.GetRequiredService<JobStorage>();
        var client = server.Services.GetRequiredService<IBackgroundJobClient>();
        var now = server.Clock.GetCurrentInstant();
        var api = storage.GetMonitoringApi();
        var queued = new List<string>();
        foreach (var (id, scheduled) in api.ScheduledJobs(0, (int)Math.Max(1, api.ScheduledCount())))
        {
            if (JobArgs.Of(scheduled?.Job) is { } args && args.DueAt <= now
                && client.ChangeState(id, new EnqueuedState { Reason = "Due on the test's clock" }, ScheduledState.StateName))
                queued.Add(id);
        }
        return queued;
    }

    /// <summary>Waits until each of these Hangfire jobs has left the Enqueued and Processing states.</summary>
    public static Task WhenRunAsync(this GosChatServer server, IReadOnlyCollection<string> hangfireIds)
    {
        var storage = server.Services.GetRequiredService<JobStorage>();
        return Eventually.AssertAsync(() =>
        {
            using var connection = storage.GetConnection();
            return hangfireIds.All(id => connection.GetStateData(id)?.Name is not { } state
                || (state != EnqueuedState.StateName && state != ProcessingState.StateName));
        }, "the queued Hangfire jobs have run");
    }

    /// <summary>Waits until nothing is queued or running on the server's Hangfire storage.</summary>
    public static Task WhenIdleAsync(this GosChatServer server)
    {
        var api = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return Eventually.AssertAsync(
            () => api.ProcessingCount() == 0 && api.Queues().All(q => api.EnqueuedCount(q.Name) == 0),
            "every queued Hangfire job has run");
    }
}
