using Hangfire;
using Hangfire.States;
using Hangfire.Storage;

namespace GosChat.Server.Jobs;

/// <summary>A feature's own retry policy for one job kind (e.g. webhook delivery), overriding <see cref="JobsOptions.Retry"/>.</summary>
public sealed record JobRetryRule(string Kind, RetryOptions Retry);

/// <summary>
/// Hangfire's <see cref="AutomaticRetryAttribute"/>, configured from settings and chosen per job kind: the general
/// <see cref="JobsOptions.Retry"/>, or the <see cref="JobRetryRule"/> a feature registered for its kind. After the
/// last retry the job stays in Hangfire's Failed state (dashboard, jobs view, retry by hand).
/// </summary>
public sealed class RetryPolicyFilter : IElectStateFilter, IApplyStateFilter
{
    private readonly AutomaticRetryAttribute _general;
    private readonly Dictionary<string, AutomaticRetryAttribute> _byKind = new(StringComparer.Ordinal);

    public RetryPolicyFilter(RetryOptions general, IEnumerable<JobRetryRule> rules)
    {
        _general = Build(general);
        foreach (var rule in rules) _byKind[rule.Kind] = Build(rule.Retry);
    }

    public void OnStateElection(ElectStateContext context) => For(context.BackgroundJob?.Job).OnStateElection(context);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) =>
        For(context.BackgroundJob?.Job).OnStateApplied(context, transaction);

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) =>
        For(context.BackgroundJob?.Job).OnStateUnapplied(context, transaction);

    /// <summary>The retry settings that apply to a job of <paramref name="kind"/>.</summary>
    public AutomaticRetryAttribute For(string? kind) =>
        kind is not null && _byKind.TryGetValue(kind, out var own) ? own : _general;

    private AutomaticRetryAttribute For(Hangfire.Common.Job? job) => For(JobArgs.Of(job)?.Kind);

    private static AutomaticRetryAttribute Build(RetryOptions retry) => new()
    {
        Attempts = retry.Attempts,
        DelayInSecondsByAttemptFunc = retry.DelaySecondsBefore,
        OnAttemptsExceeded = AttemptsExceededAction.Fail,
        LogEvents = true,
    };
}
