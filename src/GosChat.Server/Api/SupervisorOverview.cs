using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Statistics;
using GosChat.Server.Auth;
using GosChat.Server.Hubs;
using GosChat.Server.Notifications;
using NodaTime;

namespace GosChat.Server.Api;

public sealed record OperatorOverviewDto(string Id, string Name, string Presence, int ActiveSessions, int Capacity,
    IReadOnlyList<string> Queues, IReadOnlyList<string> Languages);

public sealed record SupervisorOverviewDto(Instant Now, IReadOnlyList<QueueStatsItem> Queues, IReadOnlyList<OperatorOverviewDto> Operators,
    IReadOnlyList<HistoryPoint> History);

/// <summary>GET /api/supervisor/overview: live queue figures, every operator's state, and the last hours in 5-minute buckets.</summary>
public sealed class SupervisorOverview(ContactCentre centre, QueueStatsPublisher stats, OperatorDirectory directory, QueueHistory history)
{
    public static readonly Duration HistorySpan = Duration.FromHours(6);

    public async Task<SupervisorOverviewDto> GetAsync()
    {
        var now = centre.Clock.GetCurrentInstant();
        var queues = await stats.CurrentAsync();
        var snapshot = await centre.Store.LoadSnapshotAsync();
        var states = snapshot.Operators.ToDictionary(o => o.Id, StringComparer.OrdinalIgnoreCase);
        var operators = directory.All
            .Where(a => a.Roles.Contains(Roles.Operator))
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a =>
            {
                states.TryGetValue(a.Id, out var s);
                var presence = s is { IsConnected: true } ? s.Presence.ToString().ToLowerInvariant() : "offline";
                return new OperatorOverviewDto(a.Id, a.Name, presence, s?.Work.Count ?? 0, a.MaxChats, a.Queues, a.Languages);
            })
            .ToList();
        return new SupervisorOverviewDto(now, queues.Queues, operators, await history.LastAsync(HistorySpan, now));
    }
}
