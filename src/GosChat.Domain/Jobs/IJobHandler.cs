namespace GosChat.Domain.Jobs;

/// <summary>
/// Runs jobs of one <see cref="Type"/>.
/// <para>
/// Handlers MUST be idempotent: delivery is at-least-once. A job runs again when its worker dies, when it
/// outlives its lease (another node then claims it while the first may still be running), when completion
/// cannot be recorded, or when it is rescheduled. Make the effect keyed by the job id or by domain state
/// ("send reminder unless already sent") so a second run is harmless.
/// </para>
/// <para>
/// Throwing fails the attempt (retried with back-off, then dead-lettered). The token is cancelled when the
/// host stops or when the job's lease runs out; stop promptly then.
/// </para>
/// </summary>
public interface IJobHandler
{
    /// <summary>The job type this handler runs; unique among registered handlers (ordinal).</summary>
    string Type { get; }

    Task HandleAsync(JobRecord job, CancellationToken ct);
}
