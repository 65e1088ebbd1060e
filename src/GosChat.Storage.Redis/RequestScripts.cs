namespace GosChat.Storage.Redis;

/// <summary>
/// Lua scripts of the request cards. Every key is under <c>{requests}</c>. The cards' writes take KEYS: the card, the
/// five due-time sets of its queue (in <c>RequestStatus</c> order), the expiry set, then its files' keys (expired with
/// it); and ARGV: expected version (0 = must
/// not exist), record ("version\njson"), time to live in ms (0 = none), ticket, due (unix ms), the index (1–5) of its
/// status's set, its expiry score ('' when not final).
/// </summary>
internal static class RequestScripts
{
    private const string WriteAndIndex = """
        redis.call('SET', KEYS[1], ARGV[2])
        if ARGV[3] ~= '0' then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          for i = 8, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        end
        for i = 2, 6 do redis.call('ZREM', KEYS[i], ARGV[4]) end
        redis.call('ZADD', KEYS[1 + tonumber(ARGV[6])], ARGV[5], ARGV[4])
        if ARGV[7] ~= '' then redis.call('ZADD', KEYS[7], ARGV[7], ARGV[4]) else redis.call('ZREM', KEYS[7], ARGV[4]) end
        return 1
        """;

    /// <summary>Compare the version, write the card and its index entries. Returns 1 saved, 0 version conflict (nothing written).</summary>
    public const string Save = """
        local cur = redis.call('GET', KEYS[1])
        local ver = '0'
        if cur then ver = string.match(cur, '^(%d+)\n') or '0' end
        if ver ~= ARGV[1] then return 0 end
        """ + "\n" + WriteAndIndex;

    /// <summary>A card of the earlier layout, written as it was (its version kept) unless one is already there.</summary>
    public const string Import = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        """ + "\n" + WriteAndIndex;

    /// <summary>
    /// One page of the list. KEYS: the due-time sets, five per queue (status order). ARGV: now (unix ms), limit, wanted
    /// status index (0 = any), overdue only (1/0), final flags per status ("00011"). Returns the count per status, the
    /// overdue count, the matching count, then up to limit tickets, due soonest first (then by ticket).
    /// </summary>
    public const string Page = """
        local limit = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local overdueOnly = ARGV[4] == '1'
        local before = '(' .. ARGV[1]
        local counts = {0, 0, 0, 0, 0}
        local overdue, matching, rows = 0, 0, {}
        for i, key in ipairs(KEYS) do
          local s = ((i - 1) % 5) + 1
          local final = string.sub(ARGV[5], s, s) == '1'
          local n = redis.call('ZCARD', key)
          counts[s] = counts[s] + n
          local late = 0
          if not final and n > 0 then late = redis.call('ZCOUNT', key, '-inf', before) end
          overdue = overdue + late
          if (wanted == 0 or wanted == s) and n > 0 then
            local got = {}
            if overdueOnly then
              if not final and late > 0 then
                matching = matching + late
                got = redis.call('ZRANGEBYSCORE', key, '-inf', before, 'WITHSCORES', 'LIMIT', 0, limit)
              end
            else
              matching = matching + n
              got = redis.call('ZRANGE', key, 0, limit - 1, 'WITHSCORES')
            end
            for j = 1, #got, 2 do rows[#rows + 1] = {got[j], tonumber(got[j + 1])} end
          end
        end
        table.sort(rows, function(a, b) if a[2] ~= b[2] then return a[2] < b[2] end return a[1] < b[1] end)
        local out = {counts[1], counts[2], counts[3], counts[4], counts[5], overdue, matching}
        for i = 1, math.min(limit, #rows) do out[#out + 1] = rows[i][1] end
        return out
        """;

    /// <summary>
    /// KEYS: the expiry set, the final statuses' due-time sets of every queue (ARGV[1] of them), then one card per
    /// ticket. ARGV: that count, then the tickets past their retention. Drops them from the indexes and deletes their cards.
    /// </summary>
    public const string Purge = """
        local n = tonumber(ARGV[1])
        for t = 2, #ARGV do
          redis.call('ZREM', KEYS[1], ARGV[t])
          for k = 2, n + 1 do redis.call('ZREM', KEYS[k], ARGV[t]) end
          redis.call('DEL', KEYS[n + t])
        end
        return #ARGV - 1
        """;

    /// <summary>KEYS as a write. ARGV: the ticket the card must hold. Deletes the card and its index entries; 1 deleted, 0 none or another ticket.</summary>
    public const string Delete = """
        local cur = redis.call('GET', KEYS[1])
        if not cur then return 0 end
        local json = string.match(cur, '^%d+\n(.*)$')
        if not json or cjson.decode(json).ticket ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        for i = 2, 6 do redis.call('ZREM', KEYS[i], ARGV[1]) end
        redis.call('ZREM', KEYS[7], ARGV[1])
        return 1
        """;
}
