using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Server.Api;

public sealed record QueueStatusDto(string Id, string Name, string NameEn, string State, bool Open, Instant? NextChange, int Waiting, int EstimatedWaitSeconds);
public sealed record StatusDto(Instant Now, string TimeZone, IReadOnlyList<QueueStatusDto> Queues);

/// <summary>What /api/status reports: each queue open or not, its state, waiting count and expected wait.</summary>
public sealed class StatusService(ContactCentre centre, string timeZone)
{
    public async Task<StatusDto> GetAsync()
    {
        var snapshot = await centre.Store.LoadSnapshotAsync();
        var now = centre.Clock.GetCurrentInstant();
        return new StatusDto(now, timeZone, QueueCatalog.All.Select(q => Queue(q, snapshot, now)).ToList());
    }

    public QueueStatusDto Queue(QueueInfo q, RoutingSnapshot snapshot, Instant now)
    {
        var open = centre.Hours.IsOpen(q.Id, Channel.Chat, Languages.Russian, false, now);
        var anyAvailable = snapshot.Operators.Any(o => o.IsConnected && o.Presence == Presence.Available
                                                       && o.Queues.Contains(q.Id) && o.HasRoomFor(Channel.Chat));
        var waiting = snapshot.Waiting.Count(s => s.Queue == q.Id && s.State != SessionState.Deferred);
        var state = !open ? "unavailable" : anyAvailable ? "online" : "waiting";
        return new QueueStatusDto(q.Id, q.NameRu, q.NameEn, state, open, centre.Hours.NextChange(q.Id, Channel.Chat, now),
            waiting, centre.Metrics.Estimate(snapshot, q.Id, waiting + 1));
    }
}
