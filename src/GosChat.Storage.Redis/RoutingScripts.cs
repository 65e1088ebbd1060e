namespace GosChat.Storage.Redis;

/// <summary>Lua scripts of the routing state. Each runs atomically on the {routing} slot.</summary>
internal static class RoutingScripts
{
    /// <summary>
    /// Versioned commit. ARGV[1] = number of version checks, then that many (key index, expected version)
    /// pairs; then write ops: set k v | setex k v seconds | del k | zadd k score member | zrem k member |
    /// sadd k member | srem k member | lpushtrim k value maxlen. A stored record is "version\njson";
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
          elseif op == 'lpushtrim' then
            redis.call('LPUSH', key, ARGV[i + 2]); redis.call('LTRIM', key, 0, tonumber(ARGV[i + 3]) - 1); i = i + 4
          else
            return redis.error_reply('unknown commit op ' .. tostring(op))
          end
        end
        return 1
        """;

    /// <summary>
    /// Appends a message unless its client key is already stored. KEYS: messages list, client-id hash.
    /// ARGV: client key ('' for none), message JSON. Returns {seq, json, duplicate (0|1)}.
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
        return { seq, ARGV[2], 0 }
        """;
}
