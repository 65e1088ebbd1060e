using System.Globalization;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// This node's copy of the waiting sessions, kept current from Redis's change log so that a routing snapshot costs
/// Redis work in proportion to what changed since the node's last look, not to how many sessions wait.
/// <list type="bullet">
/// <item>Every commit that writes a session adds one to <see cref="RedisKeys.WaitingStamp"/> and appends
/// "stamp:sessionId" to the capped <see cref="RedisKeys.WaitingLog"/>, in the same script as the write.</item>
/// <item><see cref="RefreshAsync"/> asks one script for the sessions named by the entries after the node's stamp, which
/// answers with their records: one round trip, small when nothing changed. A node with no stamp yet, or that fell
/// further behind than the log keeps, or that sees the stamp go back (the data was flushed), or that finds an
/// erasure's "*" entry (RedisPersonalDataStore blanks an erased session's id out of the log), reads the whole waiting
/// set once (<see cref="RedisKeys.Waiting"/>).</item>
/// </list>
/// The stamp and the records are read in one script, so they agree; a change after it is read on the next refresh.
/// Refreshes on one node run one at a time. While nothing changes, every refresh returns the same list instance.
/// </summary>
internal sealed class RedisWaitingCache(Func<string, Session?> decode, int logLength)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly WaitingSet _waiting = new();
    private long _stamp = -1;
    private WaitingList? _list;

    /// <summary>The waiting sessions as of now (everything committed before this call is seen).</summary>
    public async Task<IReadOnlyList<Session>> RefreshAsync(IDatabase db)
    {
        await _gate.WaitAsync();
        try
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(RoutingScripts.WaitingChanges,
                [RedisKeys.WaitingStamp, RedisKeys.WaitingLog],
                [_stamp, logLength, SessionKeyPrefix]))!;
            var stamp = (long)result[0];
            WaitingList list;
            if (result.Length == 1)
            {
                if (_list is not null) return _list; // nothing changed: the same list, which lets callers skip work they did for it
                list = new WaitingList(_waiting.Freeze(), null, [], []);
            }
            else if ((string?)result[1] == "full")
            {
                await ReloadAsync(db);
                list = new WaitingList(_waiting.Freeze(), null, [], []);
            }
            else
            {
                var (changed, gone) = Apply(result);
                list = new WaitingList(_waiting.Freeze(), _list, changed, gone); // with no list before, read whole
            }
            _stamp = stamp;
            return _list = list;
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

    private static readonly string SessionKeyPrefix = RedisKeys.Session("");

    private async Task ReloadAsync(IDatabase db)
    {
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.Waiting);
        var values = ids.Length == 0 ? [] : await db.StringGetAsync(ids.Select(v => (RedisKey)RedisKeys.Session(v!)).ToArray());
        _waiting.Clear();
        foreach (var value in values)
            if (!value.IsNull && decode(value!) is { IsWaiting: true } session) _waiting.Put(session);
    }

    /// <summary>
    /// The script's {stamp, 'changes', id, record...}: each changed session as it is now. Returns the sessions now
    /// waiting among them and the ids of those that are not.
    /// </summary>
    private (List<Session> Changed, List<string> Gone) Apply(RedisResult[] result)
    {
        var changed = new Dictionary<string, Session>(StringComparer.Ordinal);
        var gone = new List<string>();
        for (var i = 2; i + 1 < result.Length; i += 2)
        {
            var id = (string)result[i]!;
            var value = (RedisValue)result[i + 1];
            if (!value.IsNullOrEmpty && decode(value!) is { IsWaiting: true } session)
                _waiting.Put(changed[id] = session);
            else if (_waiting.Remove(id))
            {
                changed.Remove(id);
                gone.Add(id);
            }
        }
        return ([.. changed.Values], gone);
    }

    /// <summary>The commit op that logs a change of <paramref name="sessionId"/> (see <see cref="RoutingScripts.Commit"/>).</summary>
    public static string[] LogArgs(string logKeyIndex, string sessionId, int logLength) =>
        [logKeyIndex, sessionId, logLength.ToString(CultureInfo.InvariantCulture)];
}
