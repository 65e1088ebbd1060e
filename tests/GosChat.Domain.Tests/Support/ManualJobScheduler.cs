using GosChat.Domain.Jobs;
using NodaTime;

namespace GosChat.Domain.Tests.Support;

/// <summary>
/// <see cref="IJobScheduler"/> for domain tests: keeps jobs in a dictionary and runs the due ones through a
/// <see cref="JobDispatcher"/> when the test says so, on the test's fake clock. A job whose handler throws stays
/// scheduled (as a scheduler's retry would keep it).
/// </summary>
public sealed class ManualJobScheduler(IClock clock) : IJobScheduler
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DelayedJob> _jobs = new(StringComparer.Ordinal);

    public Task ScheduleAsync(DelayedJob job)
    {
        lock (_gate) _jobs[job.Id] = job;
        return Task.CompletedTask;
    }

    public Task CancelAsync(string jobId)
    {
        lock (_gate) _jobs.Remove(jobId);
        return Task.CompletedTask;
    }

    public DelayedJob? Get(string id)
    {
        lock (_gate) return _jobs.GetValueOrDefault(id);
    }

    public IReadOnlyList<DelayedJob> All
    {
        get { lock (_gate) return [.. _jobs.Values.OrderBy(j => j.DueAt).ThenBy(j => j.Id, StringComparer.Ordinal)]; }
    }

    /// <summary>
    /// Runs every job due on the clock, in due order, and then any a handler scheduled that is due too (a deadline's
    /// warning schedules its breach check), until none is left; finished ones are removed. Returns the ids that ran.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(JobDispatcher dispatcher)
    {
        var now = clock.GetCurrentInstant();
        var ran = new List<string>();
        var tried = new HashSet<DelayedJob>(ReferenceEqualityComparer.Instance);
        while (All.Where(j => j.DueAt <= now && !tried.Contains(j)).ToList() is { Count: > 0 } due)
        {
            foreach (var job in due)
            {
                tried.Add(job);
                var run = await dispatcher.RunAsync(job, CancellationToken.None);
                if (!run.Ran) continue;
                lock (_gate)
                    if (_jobs.TryGetValue(job.Id, out var current) && current == job) _jobs.Remove(job.Id);
                ran.Add(job.Id);
            }
        }
        return ran;
    }
}
