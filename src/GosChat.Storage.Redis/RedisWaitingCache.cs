using System.Globalization;
using GosChat.Domain.Sessions;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// This node's copy of the waiting sessions, kept current from Redis's change log so that a routing snapshot costs
/// Redis work in proportion to what changed since the node's last look, not to how many sessions wait.
/// <list type="bullet">
/// <item>Every commit that writes a session adds one to <see cref="RedisKeys.WaitingStamp"/> and appends
/// "stamp:sessionId" to the capped <see cref="RedisKeys.WaitingLog"/>, in the same script as the write.</item>
/// <item><see cref="RefreshAsync"/> asks one script for the entries after the node's stamp and reads only those
/// sessions (one MGET); with nothing changed it is one small round trip. A node with no stamp yet, or that fell
/// further behind than the log keeps, or that sees the stamp go back (the data was flushed), or that finds an
/// erasure's "*" entry (RedisPersonalDataStore blanks an erased session's id out of the log), reads the whole waiting
/// set once (<see cref="RedisKeys.Waiting"/>).</item>
/// </list>
/// The stamp read comes before the records, so a record can only be newer than the stamp says, never older; a change
/// after the stamp is read again on the next refresh. Refreshes on one node run one at a time. While nothing changes,
/// every refresh returns the same list instance.
/// </summary>
internal sealed class RedisWaitingCache(Func<RedisValue, Session?> decode, int logLength)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Session> _waiting = new(StringComparer.Ordinal);
    private long _stamp = -1;
    private IReadOnlyList<Session>? _list;

    /// <summary>The waiting sessions as of now (everything committed before this call is seen).</summary>
    public async Task<IReadOnlyList<Session>> RefreshAsync(IDatabase db)
    {
        await _gate.WaitAsync();
        try
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(RoutingScripts.WaitingChanges,
                [RedisKeys.WaitingStamp, RedisKeys.WaitingLog],
                [_stamp, logLength]))!;
            var stamp = (long)result[0];
            var changed = result.Skip(1).Select(e => SessionIdOf((string)e!)).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            if (changed.Contains(Full))
                await ReloadAsync(db);
            else if (result.Length > 1)
                await ApplyAsync(db, changed);
            else if (_list is not null)
                return _list; // nothing changed: the same list, which lets callers skip work they did for it
            _stamp = stamp;
            return _list = [.. _waiting.Values];
        }
        catch
        {
            _stamp = -1; // read everything next time rather than trust a half-applied change
            _list = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An entry meaning "read everything": the script's answer when a node fell behind, and an erasure's entry.</summary>
    private const string Full = "*";

    /// <summary>"stamp:sessionId" → the id ("" for a blanked entry); the script's "full" → <see cref="Full"/>.</summary>
    private static string SessionIdOf(string entry) => entry == "full" ? Full : entry[(entry.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private async Task ReloadAsync(IDatabase db)
    {
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.Waiting);
        var values = ids.Length == 0 ? [] : await db.StringGetAsync(ids.Select(v => (RedisKey)RedisKeys.Session(v!)).ToArray());
        _waiting.Clear();
        foreach (var value in values)
            if (decode(value) is { IsWaiting: true } session) _waiting[session.Id] = session;
    }

    private async Task ApplyAsync(IDatabase db, string[] sessionIds)
    {
        var values = await db.StringGetAsync(sessionIds.Select(id => (RedisKey)RedisKeys.Session(id)).ToArray());
        for (var i = 0; i < sessionIds.Length; i++)
        {
            if (decode(values[i]) is { IsWaiting: true } session) _waiting[sessionIds[i]] = session;
            else _waiting.Remove(sessionIds[i]);
        }
    }

    /// <summary>The commit op that logs a change of <paramref name="sessionId"/> (see <see cref="RoutingScripts.Commit"/>).</summary>
    public static string[] LogArgs(string logKeyIndex, string sessionId, int logLength) =>
        [logKeyIndex, sessionId, logLength.ToString(CultureInfo.InvariantCulture)];
}
