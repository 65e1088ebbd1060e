using GosChat.Domain.Ports;

namespace GosChat.Domain.Engine;

/// <summary>Read – decide – commit, again from a fresh read when another writer got there first.</summary>
internal static class OptimisticCommit
{
    public static async Task<T> RunAsync<T>(IRoutingStore store, int maxAttempts, Func<Task<(RoutingChange Change, T Result)>> attempt)
    {
        for (var i = 0; i < maxAttempts; i++)
        {
            var (change, result) = await attempt();
            if (change.IsEmpty || await store.CommitAsync(change)) return result;
            if (i > 2) await Task.Delay(Random.Shared.Next(1, 5 * i));
        }
        throw DomainException.Conflict(ErrorCodes.Contention, "The state changed too often while applying the request; please retry.");
    }
}
