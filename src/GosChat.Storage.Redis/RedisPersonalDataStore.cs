using GosChat.Domain.Calls;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="IPersonalDataStore"/> on Redis: a ticket index and a closed-session index under <c>{privacy}</c>
/// (the ticket entry of a closed session expires with its record), and erasure key by key, each key in its own
/// slot's command so it works on a cluster.
/// </summary>
public sealed class RedisPersonalDataStore(IConnectionMultiplexer redis, RedisStoreOptions options) : IPersonalDataStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task IndexAsync(Session session)
    {
        var tx = Db.CreateTransaction();
        var tasks = new List<Task>();
        if (session.State == SessionState.Closed)
        {
            tasks.Add(tx.StringSetAsync(RedisKeys.Privacy.Ticket(session.Ticket), session.Id, options.ClosedSessionRetention));
            tasks.Add(tx.SortedSetAddAsync(RedisKeys.Privacy.Closed, session.Id, (session.ClosedAt ?? session.CreatedAt).ToUnixTimeMilliseconds()));
        }
        else
        {
            tasks.Add(tx.StringSetAsync(RedisKeys.Privacy.Ticket(session.Ticket), session.Id));
        }
        await tx.ExecuteAsync();
        await Task.WhenAll(tasks);
    }

    public async Task<string?> FindSessionByTicketAsync(string ticket)
    {
        var value = await Db.StringGetAsync(RedisKeys.Privacy.Ticket(ticket));
        return value.IsNull ? null : value.ToString();
    }

    public async Task<IReadOnlyList<string>> ClosedBeforeAsync(Instant cutoff, int limit)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(RedisKeys.Privacy.Closed, double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds(),
            take: limit);
        return ids.Select(v => v.ToString()).ToList();
    }

    public async Task EraseSessionAsync(string sessionId, string? ticket, IReadOnlyCollection<string> attachmentIds)
    {
        var db = Db;
        var batch = db.CreateBatch();
        var tasks = new List<Task>
        {
            batch.KeyDeleteAsync(RedisKeys.Session(sessionId)),
            batch.SortedSetRemoveAsync(RedisKeys.Waiting, sessionId),
            // Nodes' copies of the waiting sessions (RedisWaitingCache) learn of the erasure from the change log.
            batch.ScriptEvaluateAsync(ForgetInChangeLog, [RedisKeys.WaitingStamp, RedisKeys.WaitingLog], [sessionId, options.WaitingLogLength]),
            batch.KeyDeleteAsync(RedisKeys.Messages(sessionId)),
            batch.KeyDeleteAsync(RedisKeys.MessageClientIds(sessionId)),
            batch.SortedSetRemoveAsync(RedisKeys.Privacy.Closed, sessionId),
        };
        tasks.AddRange(attachmentIds.Select(a => batch.KeyDeleteAsync(RedisKeys.Attachment(sessionId, a))));
        if (ticket is not null)
            tasks.Add(batch.ScriptEvaluateAsync(DeleteIfEquals, [RedisKeys.Privacy.Ticket(ticket)], [sessionId]));
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    public async Task EraseCallbackAsync(CallbackBooking booking)
    {
        var tx = Db.CreateTransaction();
        var tasks = new List<Task>
        {
            tx.KeyDeleteAsync(RedisKeys.Callbacks.Booking(booking.Ticket)),
            tx.SetRemoveAsync(RedisKeys.Callbacks.Slot(booking.Queue, booking.SlotStart.ToUnixTimeMilliseconds()), booking.Ticket),
            tx.SortedSetRemoveAsync(RedisKeys.Callbacks.BySlot, booking.Ticket),
        };
        await tx.ExecuteAsync();
        await Task.WhenAll(tasks);
    }

    /// <summary>Nothing to do: every key of a session's data expires by itself (attachments 30 days after upload at the latest).</summary>
    public Task<int> PurgeOrphansAsync(Instant cutoff) => Task.FromResult(0);

    public async Task ForgetCitizenSessionsAsync(string citizenKey, IReadOnlyCollection<string> sessionIds)
    {
        if (sessionIds.Count == 0) return;
        await Db.SortedSetRemoveAsync(RedisKeys.CitizenSessions(citizenKey), sessionIds.Select(id => (RedisValue)id).ToArray());
    }

    /// <summary>
    /// Blanks the erased session ARGV[1] out of the routing change log (each of its entries keeps its stamp, loses the
    /// id) and appends a "reload" entry, so every node reads the waiting set afresh and drops it (RedisWaitingCache).
    /// KEYS: stamp, log; ARGV[2]: the log's cap.
    /// </summary>
    private const string ForgetInChangeLog = """
        local suffix = ':' .. ARGV[1]
        local entries = redis.call('LRANGE', KEYS[2], 0, -1)
        for i, e in ipairs(entries) do
          if string.sub(e, -#suffix) == suffix then
            redis.call('LSET', KEYS[2], i - 1, string.sub(e, 1, #e - #ARGV[1]))
          end
        end
        local n = redis.call('INCR', KEYS[1])
        redis.call('RPUSH', KEYS[2], n .. ':*')
        redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
        return n
        """;

    /// <summary>Deletes KEYS[1] only while it still names ARGV[1] (a ticket taken over since is left alone).</summary>
    private const string DeleteIfEquals = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
