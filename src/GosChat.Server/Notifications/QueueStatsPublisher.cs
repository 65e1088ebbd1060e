using NodaTime;
using GosChat.Domain.Ports;
using GosChat.Domain.Engine;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Queues;
using GosChat.Server.Api;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Notifications;

/// <summary>
/// Live queue figures for consoles and supervisors. Changes mark the figures dirty; the sweep tick publishes
/// them to the operators group when they differ from what this node last sent, so bursts cost one push.
/// </summary>
public sealed class QueueStatsPublisher(IServiceProvider services)
{
    private int _dirty = 1;
    private QueueStatsDto? _last;
    private readonly Dictionary<string, bool> _lastOpen = new();

    public void MarkDirty() => Interlocked.Exchange(ref _dirty, 1);

    public async Task<QueueStatsDto> CurrentAsync()
    {
        var centre = services.GetRequiredService<ContactCentre>();
        return await BuildAsync(await centre.Store.LoadSnapshotAsync(), centre.Clock.GetCurrentInstant());
    }

    private async Task<QueueStatsDto> BuildAsync(RoutingSnapshot snapshot, Instant now)
    {
        var centre = services.GetRequiredService<ContactCentre>();
        var breaches = services.GetService<IBreachCounter>();
        var items = new List<QueueStatsItem>();
        foreach (var q in QueueCatalog.All)
        {
            var s = QueueStatusDto.From(centre.Board.Status(q, snapshot, now));
            var f = centre.Metrics.Figures(snapshot, q.Id, now);
            items.Add(new QueueStatsItem(q.Id, q.NameRu, s.State, s.Open, f.Waiting, f.LongestWaitSeconds, f.Available, f.Busy, f.Away,
                breaches is null ? 0 : await breaches.TodayAsync(q.Id), f.EstimatedWaitSeconds));
        }
        return new QueueStatsDto(items);
    }

    /// <summary>Called on every sweep tick: publishes figures if something changed, and queue open/close to citizens. One snapshot read.</summary>
    public async Task TickAsync()
    {
        var openChanged = false;
        var centre = services.GetRequiredService<ContactCentre>();
        var snapshot = await centre.Store.LoadSnapshotAsync();
        services.GetService<Metrics.GosChatMetrics>()?.Observe(snapshot);
        var now = centre.Clock.GetCurrentInstant();
        foreach (var q in QueueCatalog.All.Select(info => QueueStatusDto.From(centre.Board.Status(info, snapshot, now))))
        {
            if (_lastOpen.TryGetValue(q.Id, out var wasOpen) && wasOpen != q.Open)
            {
                openChanged = true;
                await services.GetRequiredService<IHubContext<ChatHub, IChatClient>>().Clients.All.QueueStatus(q);
            }
            _lastOpen[q.Id] = q.Open;
        }
        if (Interlocked.Exchange(ref _dirty, 0) == 0 && !openChanged && _last is not null && _last.Queues.All(x => x.Waiting == 0)) return;
        var stats = await BuildAsync(snapshot, now);
        if (_last is not null && stats.Queues.SequenceEqual(_last.Queues)) return;
        _last = stats;
        await services.GetRequiredService<IHubContext<OperatorHub, IOperatorClient>>().Clients.Group(OperatorHub.OperatorsGroup).QueueStats(stats);
    }
}
