using Hangfire;
using Hangfire.Common;

namespace GosChat.Server.Jobs;

/// <summary>
/// This node's Hangfire filters, held in DI rather than in Hangfire's process-wide <c>GlobalJobFilters</c> (several
/// nodes may share a test process): Hangfire's standard filters without its default retry, then
/// <see cref="WokeEarlyFilter"/>, then the configured <see cref="RetryPolicyFilter"/> (in that order: a job that woke
/// early is not a failure).
/// </summary>
public sealed class GosChatJobFilterProvider(WokeEarlyFilter wokeEarly, RetryPolicyFilter retry) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        foreach (var filter in JobFilterProviders.Providers.GetFilters(job))
            if (filter.Instance is not AutomaticRetryAttribute) yield return filter;
        yield return new JobFilter(wokeEarly, JobFilterScope.Global, int.MaxValue - 1);
        yield return new JobFilter(retry, JobFilterScope.Global, int.MaxValue);
    }
}
