namespace GosChat.Storage.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisJobStore"/>: each state change is one script, so it is atomic
/// across nodes. Job JSON is read and written with Redis' built-in cjson; times are strings of unix
/// milliseconds passed in by the caller (never Redis TIME), attempts a small number.
/// </summary>
internal static class RedisJobScripts
{
    /// <summary>KEYS: data, due, running, dead. ARGV: id, type, payload, dueMs, nowMs. Returns the job JSON.</summary>
    public const string Schedule = """
        local id = ARGV[1]
        local created = ARGV[5]
        local old = redis.call('HGET', KEYS[1], id)
        if old then
          local o = cjson.decode(old)
          if type(o.created) == 'string' then created = o.created end
        end
        local json = cjson.encode({ id = id, type = ARGV[2], payload = ARGV[3], due = ARGV[4],
                                    attempts = 0, state = 'Scheduled', created = created })
        redis.call('HSET', KEYS[1], id, json)
        redis.call('ZREM', KEYS[3], id)
        redis.call('ZREM', KEYS[4], id)
        redis.call('ZADD', KEYS[2], ARGV[4], id)
        return json
        """;

    /// <summary>KEYS: data, due, running, dead. ARGV: id. Returns 1 if the job existed.</summary>
    public const string Cancel = """
        local n = redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREM', KEYS[4], ARGV[1])
        return n
        """;

    /// <summary>
    /// KEYS: data, due, running. ARGV: nowMs, leaseUntilMs, max, workerId.
    /// Lapsed leases first, then due jobs by due time. Returns the claimed jobs' JSON.
    /// </summary>
    public const string Claim = """
        local max = tonumber(ARGV[3])
        local out = {}
        local function claim(id, from)
          redis.call('ZREM', from, id)
          local raw = redis.call('HGET', KEYS[1], id)
          if not raw then return end
          local rec = cjson.decode(raw)
          rec.attempts = (tonumber(rec.attempts) or 0) + 1
          rec.state = 'Running'
          rec.lease = ARGV[2]
          rec.by = ARGV[4]
          local json = cjson.encode(rec)
          redis.call('HSET', KEYS[1], id, json)
          redis.call('ZADD', KEYS[3], ARGV[2], id)
          out[#out + 1] = json
        end
        local lapsed = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, max)
        for _, id in ipairs(lapsed) do claim(id, KEYS[3]) end
        if #out < max then
          local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, max - #out)
          for _, id in ipairs(due) do claim(id, KEYS[2]) end
        end
        return out
        """;

    /// <summary>KEYS: data, running. ARGV: id, workerId. Returns 1 if the worker held the job and it was removed.</summary>
    public const string Complete = """
        local raw = redis.call('HGET', KEYS[1], ARGV[1])
        if not raw then return 0 end
        local rec = cjson.decode(raw)
        if rec.state ~= 'Running' or rec.by ~= ARGV[2] then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>
    /// KEYS: data, due, running, dead. ARGV: id, workerId, error, retryAtMs ('' = dead-letter), nowMs.
    /// Returns 1 if the worker held the job.
    /// </summary>
    public const string Fail = """
        local id = ARGV[1]
        local raw = redis.call('HGET', KEYS[1], id)
        if not raw then return 0 end
        local rec = cjson.decode(raw)
        if rec.state ~= 'Running' or rec.by ~= ARGV[2] then return 0 end
        rec.error = ARGV[3]
        rec.lease = nil
        rec.by = nil
        redis.call('ZREM', KEYS[3], id)
        if ARGV[4] ~= '' then
          rec.state = 'Failed'
          rec.due = ARGV[4]
          redis.call('ZADD', KEYS[2], ARGV[4], id)
        else
          rec.state = 'Dead'
          redis.call('ZADD', KEYS[4], ARGV[5], id)
        end
        redis.call('HSET', KEYS[1], id, cjson.encode(rec))
        return 1
        """;

    /// <summary>KEYS: data, due, running. ARGV: id, workerId, dueMs. Returns 1 if the worker held the job.</summary>
    public const string Release = """
        local id = ARGV[1]
        local raw = redis.call('HGET', KEYS[1], id)
        if not raw then return 0 end
        local rec = cjson.decode(raw)
        if rec.state ~= 'Running' or rec.by ~= ARGV[2] then return 0 end
        rec.state = 'Scheduled'
        rec.due = ARGV[3]
        rec.attempts = math.max(0, (tonumber(rec.attempts) or 1) - 1)
        rec.lease = nil
        rec.by = nil
        redis.call('HSET', KEYS[1], id, cjson.encode(rec))
        redis.call('ZREM', KEYS[3], id)
        redis.call('ZADD', KEYS[2], ARGV[3], id)
        return 1
        """;

    /// <summary>KEYS: data, due, dead. ARGV: id, nowMs. Returns 1 if the job was dead and is now scheduled.</summary>
    public const string RetryDead = """
        local id = ARGV[1]
        local raw = redis.call('HGET', KEYS[1], id)
        if not raw then return 0 end
        local rec = cjson.decode(raw)
        if rec.state ~= 'Dead' then return 0 end
        rec.state = 'Scheduled'
        rec.due = ARGV[2]
        rec.attempts = 0
        redis.call('HSET', KEYS[1], id, cjson.encode(rec))
        redis.call('ZREM', KEYS[3], id)
        redis.call('ZADD', KEYS[2], ARGV[2], id)
        return 1
        """;

    /// <summary>
    /// KEYS: data, due, running, dead. ARGV: state ('' = all), max. Read-only.
    /// Running by lease, then due by due time (filtered by state), then dead by time of death.
    /// </summary>
    public const string List = """
        local want = ARGV[1]
        local max = tonumber(ARGV[2])
        local out = {}
        local function scan(key, filter)
          local start = 0
          while #out < max do
            local ids = redis.call('ZRANGE', key, start, start + 199)
            if #ids == 0 then return end
            for _, id in ipairs(ids) do
              local raw = redis.call('HGET', KEYS[1], id)
              if raw and (filter == nil or cjson.decode(raw).state == filter) then
                out[#out + 1] = raw
                if #out >= max then return end
              end
            end
            start = start + 200
          end
        end
        if want == '' or want == 'Running' then scan(KEYS[3], nil) end
        if want == '' then scan(KEYS[2], nil) elseif want == 'Scheduled' or want == 'Failed' then scan(KEYS[2], want) end
        if want == '' or want == 'Dead' then scan(KEYS[4], nil) end
        return out
        """;
}
