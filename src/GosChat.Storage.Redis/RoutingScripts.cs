namespace GosChat.Storage.Redis;

/// <summary>Lua scripts of the routing state. Each runs atomically on the {routing} slot.</summary>
internal static class RoutingScripts
{
    /// <summary>
    /// Versioned commit. ARGV[1] = number of version checks, then that many (key index, expected version)
    /// pairs; then write ops: set k v | setex k v seconds | del k | zadd k score member | zrem k member |
    /// sadd k member | srem k member | lpushtrim k value maxlen | logchange stampKey logKey member maxlen (adds one to
    /// the stamp and appends "stamp:member" to the capped log). A stored record is "version\njson";
    /// a missing one has version 0. Returns 1 when everything was written, 0 when a version differed
    /// (and nothing was written).
    /// </summary>
    public const string Commit = """
        local checks = tonumber(ARGV[1])
        local i = 2
        for c = 1, checks do
          local cur = redis.call('GET', KEYS[tonumber(ARGV[i])])
          local ver = '0'
          if cur then ver = string.match(cur, '^(%d+)\n') or '0' end
          if ver ~= ARGV[i + 1] then return 0 end
          i = i + 2
        end
        while i <= #ARGV do
          local op = ARGV[i]
          local key = KEYS[tonumber(ARGV[i + 1])]
          if op == 'set' then
            redis.call('SET', key, ARGV[i + 2]); i = i + 3
          elseif op == 'setex' then
            redis.call('SET', key, ARGV[i + 2], 'EX', ARGV[i + 3]); i = i + 4
          elseif op == 'del' then
            redis.call('DEL', key); i = i + 2
          elseif op == 'zadd' then
            redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 3]); i = i + 4
          elseif op == 'zrem' then
            redis.call('ZREM', key, ARGV[i + 2]); i = i + 3
          elseif op == 'sadd' then
            redis.call('SADD', key, ARGV[i + 2]); i = i + 3
          elseif op == 'srem' then
            redis.call('SREM', key, ARGV[i + 2]); i = i + 3
          elseif op == 'logchange' then
            local n = redis.call('INCR', key)
            local log = KEYS[tonumber(ARGV[i + 2])]
            redis.call('RPUSH', log, n .. ':' .. ARGV[i + 3])
            redis.call('LTRIM', log, -tonumber(ARGV[i + 4]), -1)
            i = i + 5
          elseif op == 'lpushtrim' then
            redis.call('LPUSH', key, ARGV[i + 2]); redis.call('LTRIM', key, 0, tonumber(ARGV[i + 3]) - 1); i = i + 4
          else
            return redis.error_reply('unknown commit op ' .. tostring(op))
          end
        end
        return 1
        """;

    /// <summary>
    /// What changed since a node's stamp. KEYS: stamp, log. ARGV: the node's stamp (-1 = none yet), the log's cap, the
    /// key prefix of a session record (a key of the {routing} slot). Returns {stamp} when nothing changed,
    /// {stamp, 'full'} when the node must read everything (no stamp yet, fell behind the log, the stamp went back: the
    /// data was flushed, or an erasure's "*" entry), else {stamp, 'changes', id, record, id, record...} with each
    /// session named by an entry after the node's stamp ("stamp:sessionId") once, and its record as of now ('' when it
    /// is gone): the change and the records in one round trip.
    /// </summary>
    public const string WaitingChanges = """
        local stamp = tonumber(redis.call('GET', KEYS[1]) or '0')
        local since = tonumber(ARGV[1])
        if stamp == since then return { stamp } end
        if since < 0 or stamp < since or stamp - since > tonumber(ARGV[2]) then return { stamp, 'full' } end
        local entries = redis.call('LRANGE', KEYS[2], -(stamp - since), -1)
        if #entries ~= stamp - since then return { stamp, 'full' } end
        local first = tonumber(string.match(entries[1], '^(%d+):'))
        if first ~= since + 1 then return { stamp, 'full' } end
        local result = { stamp, 'changes' }
        local seen = {}
        for _, e in ipairs(entries) do
          local id = string.match(e, '^%d+:(.*)$') or ''
          if id == '*' then return { stamp, 'full' } end
          if id ~= '' and not seen[id] then
            seen[id] = true
            result[#result + 1] = id
            result[#result + 1] = redis.call('GET', ARGV[3] .. id) or ''
          end
        end
        return result
        """;

    /// <summary>
    /// The staff's side of a routing snapshot in one call. KEYS[1] the operator id set, KEYS[2] the offer id set, then
    /// one handle-time list per queue; ARGV[1] and ARGV[2] the key prefixes of an operator and an offer record (keys of
    /// the {routing} slot, like every key here); ARGV[3] and ARGV[4] the operator and offer records the node holds, one
    /// "id + SHA-1 hex of the stored value" a line (SnapshotRecords). Returns {operators, offers, handle times of each
    /// queue in KEYS order}. Operators and offers each as {changed, gone}: changed a flat {id, record, id, record...} of
    /// the records the node does not hold or holds with another digest, gone the ids the node holds that are no longer
    /// in the set or whose record is missing. Records are read 500 to an MGET.
    /// </summary>
    public const string StaffSnapshot = """
        local function records(set, prefix, known)
          local held = {}
          for line in string.gmatch(known, '[^\n]+') do held[string.sub(line, 1, -41)] = string.sub(line, -40) end
          local ids = redis.call('SMEMBERS', set)
          local changed, gone = {}, {}
          for from = 1, #ids, 500 do
            local to = math.min(from + 499, #ids)
            local keys = {}
            for i = from, to do keys[#keys + 1] = prefix .. ids[i] end
            local values = redis.call('MGET', unpack(keys))
            for i = from, to do
              local id, v = ids[i], values[i - from + 1]
              local digest = held[id]
              held[id] = nil
              if not v then
                if digest then gone[#gone + 1] = id end
              elseif not digest or redis.sha1hex(v) ~= digest then
                changed[#changed + 1] = id
                changed[#changed + 1] = v
              end
            end
          end
          for id in pairs(held) do gone[#gone + 1] = id end
          return { changed, gone }
        end
        local result = { records(KEYS[1], ARGV[1], ARGV[3]), records(KEYS[2], ARGV[2], ARGV[4]) }
        for k = 3, #KEYS do result[#result + 1] = redis.call('LRANGE', KEYS[k], 0, -1) end
        return result
        """;

    /// <summary>
    /// Appends a message unless its client key is already stored. KEYS: messages list, client-id hash.
    /// ARGV: client key ('' for none), message JSON. Returns {seq, '', 0} for a new message, {seq, stored json, 1} for a
    /// retry of one already stored.
    /// </summary>
    public const string AppendMessage = """
        local ck = ARGV[1]
        if ck ~= '' then
          local idx = redis.call('HGET', KEYS[2], ck)
          if idx then
            return { tonumber(idx), redis.call('LINDEX', KEYS[1], tonumber(idx) - 1), 1 }
          end
        end
        local seq = redis.call('RPUSH', KEYS[1], ARGV[2])
        if ck ~= '' then redis.call('HSET', KEYS[2], ck, seq) end
        return { seq, '', 0 }
        """;
}
