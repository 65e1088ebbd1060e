using GosChat.Domain.Engine;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Server.Api;

/// <param name="Hours">Extension (docs/protocol.md): today's windows per channel in the queue's zone.</param>
public sealed record QueueStatusDto(string Id, string Name, string NameEn, string State, bool Open, Instant? NextChange, int Waiting, int EstimatedWaitSeconds,
    QueueHoursDto? Hours = null)
{
    public static QueueStatusDto From(QueueStatus s) => new(s.Queue.Id, s.Queue.NameRu, s.Queue.NameEn, s.State.ToString().ToLowerInvariant(),
        s.Open, s.NextChange, s.Waiting, s.EstimatedWaitSeconds, s.Hours is { } h ? new QueueHoursDto(h.Chat, h.Phone) : null);
}

/// <summary><c>hours: { chat: ["08:00-20:00"], phone: [...] }</c>: today's windows, local time of <c>timeZone</c>.</summary>
public sealed record QueueHoursDto(IReadOnlyList<string> Chat, IReadOnlyList<string> Phone);

public sealed record StatusDto(Instant Now, string TimeZone, IReadOnlyList<QueueStatusDto> Queues);

/// <summary>What /api/status reports; the rules are the domain's <see cref="QueueBoard"/>.</summary>
public sealed class StatusService(ContactCentre centre, string timeZone)
{
    public async Task<StatusDto> GetAsync()
    {
        var (now, queues) = await centre.Board.ReadAsync();
        return new StatusDto(now, timeZone, queues.Select(QueueStatusDto.From).ToList());
    }
}
