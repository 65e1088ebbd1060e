namespace GosChat.Domain.Jobs;

/// <summary>
/// Runs the jobs of one <see cref="Kind"/>. <see cref="JobDispatcher"/> calls it only once the job's due time has come
/// on the application clock.
/// <para>
/// Handlers MUST be idempotent: delivery is at least once (a node dies mid-run, a retry after a failure, two nodes
/// racing). Re-read domain state and do nothing when there is nothing left to do ("record the breach unless already
/// recorded"). Throwing fails the attempt; the scheduler retries it with back-off and finally marks it failed.
/// </para>
/// </summary>
public interface IJobHandler
{
    /// <summary>The job kind this handler runs; unique among registered handlers (ordinal).</summary>
    string Kind { get; }

    Task HandleAsync(DelayedJob job, CancellationToken ct);
}
