using GosChat.Domain.Engine;
using GosChat.Domain.Lines;
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

/// <param name="Line">Extension (docs/lines.md): with <c>?line=</c>, the line asked for; its queues only, in its menu order.</param>
public sealed record StatusDto(Instant Now, string TimeZone, IReadOnlyList<QueueStatusDto> Queues, string? Line = null);

/// <summary>What /api/status reports; the rules are the domain's <see cref="QueueBoard"/> and <see cref="LineHours"/>.</summary>
public sealed class StatusService(ContactCentre centre, string timeZone, LineDirectory? lines = null, LineHours? lineHours = null)
{
    /// <param name="line">A line id or widget site key (docs/lines.md); null = every queue, as always. Unknown: <c>unknown_line</c>.</param>
    public async Task<StatusDto> GetAsync(string? line = null)
    {
        var chosen = (lines ?? LineDirectory.Unconfigured).Find(line);
        var (now, queues) = await centre.Board.ReadAsync();
        if (chosen is null) return new StatusDto(now, timeZone, queues.Select(QueueStatusDto.From).ToList());
        var hours = lineHours ?? new LineHours(centre.Hours);
        var ofLine = chosen.Queues.Select(id => queues.First(q => q.Queue.Id == id) is var q
            ? q with { Hours = hours.HoursToday(chosen, id, now) }
            : null!);
        return new StatusDto(now, timeZone, ofLine.Select(QueueStatusDto.From).ToList(), chosen.Id);
    }
}
