using System.Globalization;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Queues;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// The routing state on Redis. Reads are plain GETs or read-only scripts (a snapshot is one round trip); every change
/// is one call of <see cref="RoutingScripts.Commit"/>, which checks all versions and writes all or nothing,
/// so nodes sharing the Redis can never assign one session twice or overfill an operator.
/// </summary>
public sealed class RedisRoutingStore(IConnectionMultiplexer redis, RedisStoreOptions options, IPersonalDataCipher cipher) : IRoutingStore
{
    private readonly System.Text.Json.JsonSerializerOptions _json = PersonalDataJson.OptionsFor(cipher);
    private static IReadOnlyList<string> Queues => QueueCatalog.Ids;
    private IDatabase Db => redis.GetDatabase();
    private readonly RedisWaitingCache _waiting = new(DecoderFor<Session>(cipher), options.WaitingLogLength);

    // A conversation reads its session (and its operator) on every message: unchanged, they are not decoded again.
    private readonly RecordReadCache<Session> _sessions = new(DecoderFor<Session>(cipher), capacity: 8192);
    private readonly RecordReadCache<OperatorState> _operators = new(DecoderFor<OperatorState>(cipher), capacity: 8192);

    /// <summary>Reads a stored record ("version\njson", its personal fields decrypted): what every copy this store keeps decodes with.</summary>
    private static Func<string, T?> DecoderFor<T>(IPersonalDataCipher cipher) where T : class
    {
        var json = PersonalDataJson.OptionsFor(cipher);
        return text => VersionedRecord.Decode<T>(text, json);
    }

    public Task<Session?> GetSessionAsync(string sessionId) => _sessions.GetAsync(Db, RedisKeys.Session(sessionId));

    public Task<OperatorState?> GetOperatorAsync(string operatorId) => _operators.GetAsync(Db, RedisKeys.Operator(operatorId));

    public async Task<Offer?> GetOfferAsync(string offerId) =>
        Decode<Offer>(await Db.StringGetAsync(RedisKeys.Offer(offerId)));

    public async Task<string?> FindSessionByResumeTokenAsync(string tokenHash)
    {
        var value = await Db.StringGetAsync(RedisKeys.Resume(tokenHash));
        return value.IsNull ? null : (string?)value;
    }

    public async Task<string?> FindSessionByCallIdAsync(string callId)
    {
        var value = await Db.StringGetAsync(RedisKeys.CallId(callId));
        if (value.IsNull) return null;
        var text = (string)value!;
        var newline = text.IndexOf('\n');
        return newline < 0 ? text : text[(newline + 1)..];
    }

    public async Task<IReadOnlyList<Session>> GetSessionsAsync(IEnumerable<string> sessionIds)
    {
        var keys = sessionIds.Select(id => (RedisKey)RedisKeys.Session(id)).ToArray();
        if (keys.Length == 0) return [];
        var values = await Db.StringGetAsync(keys);
        return values.Select(Decode<Session>).OfType<Session>().ToList();
    }

    /// <summary>
    /// The value is the application-clock instant (Unix ms) the node is alive until; the key's own expiry only
    /// clears keys of nodes that stopped long ago, so liveness follows the one clock of the application.
    /// </summary>
    public Task HeartbeatAsync(string nodeId, Instant aliveUntil) =>
        Db.StringSetAsync(RedisKeys.Node(nodeId), aliveUntil.ToUnixTimeMilliseconds(), NodeKeyRetention);

    public async Task<IReadOnlyCollection<string>> DeadNodesAsync(IEnumerable<string> nodeIds, Instant now)
    {
        var ids = nodeIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        var values = await Db.StringGetAsync(ids.Select(id => (RedisKey)RedisKeys.Node(id)).ToArray());
        var nowMs = now.ToUnixTimeMilliseconds();
        return ids.Where((_, i) => values[i].IsNull || !values[i].TryParse(out long until) || until <= nowMs).ToList();
    }

    private static readonly TimeSpan NodeKeyRetention = TimeSpan.FromHours(1);

    /// <summary>
    /// Operators, offers and handle times (small: bounded by the staff) from one script, sent beside the refresh of this
    /// node's <see cref="RedisWaitingCache"/> (which reads only what changed since): one round trip. Records that are
    /// byte for byte those of the last snapshot are not decoded again.
    /// </summary>
    public async Task<RoutingSnapshot> LoadSnapshotAsync()
    {
        var db = Db;
        var waiting = _waiting.RefreshAsync(db);
        var (askedOperators, askedOffers) = (_snapshotOperators.Ask(), _snapshotOffers.Ask());
        var staff = (RedisResult[])(await db.ScriptEvaluateAsync(RoutingScripts.StaffSnapshot, StaffSnapshotKeys,
            [OperatorPrefix, OfferPrefix, askedOperators.Known, askedOffers.Known]))!;
        var operators = _snapshotOperators.Decode(askedOperators, (RedisResult[])staff[0]!);
        var offers = _snapshotOffers.Decode(askedOffers, (RedisResult[])staff[1]!);
        var handleTimes = new Dictionary<string, IReadOnlyList<int>>(Queues.Count);
        for (var q = 0; q < Queues.Count; q++)
        {
            var samples = (RedisResult[])staff[2 + q]!;
            var list = new List<int>(samples.Length);
            foreach (var sample in samples) list.Add((int)sample);
            handleTimes[Queues[q]] = list;
        }
        return new RoutingSnapshot(await waiting, operators, offers, handleTimes);
    }

    private static readonly RedisKey[] StaffSnapshotKeys =
        [RedisKeys.Operators, RedisKeys.Offers, .. Queues.Select(q => (RedisKey)RedisKeys.HandleTimes(q))];

    private static readonly RedisValue OperatorPrefix = RedisKeys.Operator(""), OfferPrefix = RedisKeys.Offer("");

    private readonly SnapshotRecords<OperatorState> _snapshotOperators = new(DecoderFor<OperatorState>(cipher));
    private readonly SnapshotRecords<Offer> _snapshotOffers = new(DecoderFor<Offer>(cipher));

    public async Task<bool> CommitAsync(RoutingChange change)
    {
        var script = new CommitBuilder();
        foreach (var s in change.Sessions)
        {
            var key = script.Check(RedisKeys.Session(s.Id), s.Version);
            var stored = VersionedRecord.Encode(s with { Version = s.Version + 1 }, s.Version + 1, _json);
            if (s.State == SessionState.Closed)
                script.Op("setex", key, stored, ((long)options.ClosedSessionRetention.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            else
                script.Op("set", key, stored);
            script.Op("logchange", script.Key(RedisKeys.WaitingStamp),
                RedisWaitingCache.LogArgs(script.Key(RedisKeys.WaitingLog), s.Id, options.WaitingLogLength));
            if (s.IsWaiting)
                script.Op("zadd", script.Key(RedisKeys.Waiting), s.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), s.Id);
            else
                script.Op("zrem", script.Key(RedisKeys.Waiting), s.Id);
        }
        foreach (var o in change.Operators)
        {
            var key = script.Check(RedisKeys.Operator(o.Id), o.Version);
            script.Op("set", key, VersionedRecord.Encode(o with { Version = o.Version + 1 }, o.Version + 1, _json));
            script.Op("sadd", script.Key(RedisKeys.Operators), o.Id);
        }
        foreach (var o in change.OfferDeletes)
        {
            if (o.Version <= 0) return false;
            var key = script.Check(RedisKeys.Offer(o.Id), o.Version);
            script.Op("del", key);
            script.Op("srem", script.Key(RedisKeys.Offers), o.Id);
        }
        foreach (var o in change.OfferPuts)
        {
            var key = script.Check(RedisKeys.Offer(o.Id), o.Version);
            script.Op("set", key, VersionedRecord.Encode(o with { Version = o.Version + 1 }, o.Version + 1, _json));
            script.Op("sadd", script.Key(RedisKeys.Offers), o.Id);
        }
        foreach (var (hash, sessionId) in change.ResumeTokens)
            script.Op("set", script.Key(RedisKeys.Resume(hash)), sessionId);
        foreach (var (callId, sessionId) in change.CallIds)
        {
            // Version check 0 = the call id must not be taken yet; stored as a versioned value so the check can see it.
            var key = script.Check(RedisKeys.CallId(callId), 0);
            script.Op("setex", key, "1\n" + sessionId, ((long)options.ClosedSessionRetention.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (queue, seconds) in change.HandleTimes)
            script.Op("lpushtrim", script.Key(RedisKeys.HandleTimes(queue)), seconds.ToString(CultureInfo.InvariantCulture),
                options.HandleTimeSamples.ToString(CultureInfo.InvariantCulture));

        var (keys, args) = script.Build();
        var result = await Db.ScriptEvaluateAsync(RoutingScripts.Commit, keys, args);
        var ok = (int)result == 1;
        if (ok) await ExpireClosedSessionsDataAsync(change);
        return ok;
    }

    /// <summary>A closed session's messages live as long as its record (personal data is not kept for ever).</summary>
    private async Task ExpireClosedSessionsDataAsync(RoutingChange change)
    {
        var closed = change.Sessions.Where(s => s.State == SessionState.Closed).ToList();
        if (closed.Count == 0) return;
        var batch = Db.CreateBatch();
        var tasks = closed.SelectMany(s => new[]
        {
            batch.KeyExpireAsync(RedisKeys.Messages(s.Id), options.ClosedSessionRetention),
            batch.KeyExpireAsync(RedisKeys.MessageClientIds(s.Id), options.ClosedSessionRetention),
        }).ToList();
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    private T? Decode<T>(RedisValue value) where T : class => value.IsNull ? null : VersionedRecord.Decode<T>(value, _json);

    /// <summary>Collects the keys and arguments of one commit call.</summary>
    private sealed class CommitBuilder
    {
        private readonly List<RedisKey> _keys = [];
        private readonly Dictionary<string, int> _keyIndex = new();
        private readonly List<RedisValue> _checks = [];
        private readonly List<RedisValue> _ops = [];

        public string Key(string name)
        {
            if (!_keyIndex.TryGetValue(name, out var index))
            {
                _keys.Add(name);
                index = _keys.Count;
                _keyIndex[name] = index;
            }
            return index.ToString(CultureInfo.InvariantCulture);
        }

        public string Check(string name, long expectedVersion)
        {
            var key = Key(name);
            _checks.Add(key);
            _checks.Add(expectedVersion.ToString(CultureInfo.InvariantCulture));
            return key;
        }

        public void Op(string op, string key, params string[] args)
        {
            _ops.Add(op);
            _ops.Add(key);
            foreach (var a in args) _ops.Add(a);
        }

        public (RedisKey[] Keys, RedisValue[] Args) Build()
        {
            var args = new List<RedisValue>(_checks.Count + _ops.Count + 1) { _checks.Count / 2 };
            args.AddRange(_checks);
            args.AddRange(_ops);
            return (_keys.ToArray(), args.ToArray());
        }
    }
}
