using System.Globalization;
using GosChat.Domain.Calls;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Callback bookings on Redis. Each save is one call of <see cref="CallbackScripts.Save"/> on the {callbacks}
/// slot: version check, slot capacity check, slot move and write together, so any number of nodes can book
/// into one slot without overfilling it. Records and slot sets expire <see cref="RedisStoreOptions.ClosedSessionRetention"/>
/// after their slot (personal data is not kept for ever).
/// </summary>
public sealed class RedisCallbackStore(IConnectionMultiplexer redis, RedisStoreOptions options, IPersonalDataCipher cipher) : ICallbackStore
{
    private readonly System.Text.Json.JsonSerializerOptions _json = PersonalDataJson.OptionsFor(cipher);
    private IDatabase Db => redis.GetDatabase();

    public async Task<CallbackSaveResult> SaveAsync(CallbackBooking booking, CallbackBooking? previous, int capacity)
    {
        var slotMs = booking.SlotStart.ToUnixTimeMilliseconds();
        var old = previous is { HoldsSlot: true } ? previous : booking;
        var retention = (long)options.ClosedSessionRetention.TotalMilliseconds;
        var keys = new RedisKey[]
        {
            RedisKeys.Callbacks.Booking(booking.Ticket),
            RedisKeys.Callbacks.Slot(booking.Queue, slotMs),
            RedisKeys.Callbacks.Slot(old.Queue, old.SlotStart.ToUnixTimeMilliseconds()),
            RedisKeys.Callbacks.BySlot,
        };
        var args = new RedisValue[]
        {
            booking.Version.ToString(CultureInfo.InvariantCulture),
            VersionedRecord.Encode(booking with { Version = booking.Version + 1 }, booking.Version + 1, _json),
            booking.HoldsSlot ? "1" : "0",
            capacity.ToString(CultureInfo.InvariantCulture),
            booking.Ticket,
            slotMs.ToString(CultureInfo.InvariantCulture),
            // Relative TTL from the domain's clock (not Redis's wall clock): kept until the slot ended plus the retention.
            Math.Max(retention, booking.SlotEnd.ToUnixTimeMilliseconds() + retention - booking.UpdatedAt.ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture),
            (booking.UpdatedAt.ToUnixTimeMilliseconds() - retention).ToString(CultureInfo.InvariantCulture),
        };
        var result = (int)await Db.ScriptEvaluateAsync(CallbackScripts.Save, keys, args);
        return result switch
        {
            1 => CallbackSaveResult.Saved,
            2 => CallbackSaveResult.SlotFull,
            _ => CallbackSaveResult.Conflict,
        };
    }

    public async Task<CallbackBooking?> GetAsync(string ticket)
    {
        var value = await Db.StringGetAsync(RedisKeys.Callbacks.Booking(ticket));
        return value.IsNull ? null : VersionedRecord.Decode<CallbackBooking>(value, _json);
    }

    public async Task<IReadOnlyList<CallbackBooking>> ListAsync(Instant from, Instant to)
    {
        var db = Db;
        var tickets = await db.SortedSetRangeByScoreAsync(RedisKeys.Callbacks.BySlot,
            from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Exclude.Stop);
        if (tickets.Length == 0) return [];
        var values = await db.StringGetAsync(tickets.Select(t => (RedisKey)RedisKeys.Callbacks.Booking(t!)).ToArray());
        return values.Where(v => !v.IsNull).Select(v => VersionedRecord.Decode<CallbackBooking>(v, _json)).OfType<CallbackBooking>()
            .OrderBy(b => b.SlotStart).ThenBy(b => b.Ticket, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<int> CountAsync(string queue, Instant slotStart) =>
        (int)await Db.SetLengthAsync(RedisKeys.Callbacks.Slot(queue, slotStart.ToUnixTimeMilliseconds()));
}

/// <summary>Lua scripts of the callback bookings. Each runs atomically on the {callbacks} slot.</summary>
internal static class CallbackScripts
{
    /// <summary>
    /// KEYS: booking, new slot set, old slot set (= new for a new booking), by-slot index.
    /// ARGV: expected version, record ("version\njson"), holds slot (1|0), capacity, ticket, slot start (ms),
    /// time to live of record and slot (ms), index cut-off (ms; older entries are dropped).
    /// Returns 1 saved, 0 version conflict, 2 slot full (nothing written in either refusal).
    /// </summary>
    public const string Save = """
        local cur = redis.call('GET', KEYS[1])
        local ver = '0'
        if cur then ver = string.match(cur, '^(%d+)\n') or '0' end
        if ver ~= ARGV[1] then return 0 end
        local holds = ARGV[3] == '1'
        if holds and redis.call('SISMEMBER', KEYS[2], ARGV[5]) == 0 then
          if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 2 end
        end
        if KEYS[3] ~= KEYS[2] or not holds then redis.call('SREM', KEYS[3], ARGV[5]) end
        if holds then
          redis.call('SADD', KEYS[2], ARGV[5])
          redis.call('PEXPIRE', KEYS[2], ARGV[7])
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[8])
        return 1
        """;
}
