using Hangfire.States;

namespace GosChat.Server.Jobs;

/// <summary>
/// A job that woke before its due time did not fail: its <see cref="JobWokeEarlyException"/> becomes Scheduled
/// again (the same Hangfire job, so the <see cref="JobIndex"/> entry stays right) instead of a failed attempt.
/// Runs before the retry policy, which then sees no failure.
/// </summary>
public sealed class WokeEarlyFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: JobWokeEarlyException early })
            context.CandidateState = new ScheduledState(early.Delay.ToTimeSpan()) { Reason = early.Message };
    }
}
