using GosChat.Domain.Ports;
using GosChat.Domain.Queues;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>One queue in one 5-minute bucket, as the supervisor's charts show it.</summary>
public sealed record HistoryPoint(Instant At, string Queue, long Waiting, long Answered, double? AvgFirstReplySeconds, double? SlaAttainment);

/// <summary>Reads the last hours of every queue, one point per bucket (empty buckets as zeros).</summary>
public sealed class QueueHistory(IStatisticsStore store)
{
    public async Task<IReadOnlyList<HistoryPoint>> LastAsync(Duration span, Instant now)
    {
        var to = StatsBuckets.Of(now) + StatsBuckets.Width;
        var from = to - span;
        var points = new List<HistoryPoint>();
        foreach (var queue in QueueCatalog.All)
        {
            var buckets = (await store.GetAsync(queue.Id, from, to)).ToDictionary(b => b.Start);
            for (var at = StatsBuckets.Of(from); at < to; at += StatsBuckets.Width)
            {
                if (!buckets.TryGetValue(at, out var b))
                {
                    points.Add(new HistoryPoint(at, queue.Id, 0, 0, null, null));
                    continue;
                }
                var replies = b[StatsCounters.FirstReplies];
                points.Add(new HistoryPoint(at, queue.Id, b[StatsCounters.Queued], b[StatsCounters.Answered],
                    replies == 0 ? null : Math.Round((double)b[StatsCounters.FirstReplySeconds] / replies, 1),
                    replies == 0 ? null : Math.Round((double)b[StatsCounters.FirstRepliesInTime] / replies, 4)));
            }
        }
        return points;
    }
}
