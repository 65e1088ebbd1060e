using System.Text.Json;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Serialization;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Sign-ins on Redis: one JSON string each, kept a day past its end of real time, and a set of each operator's
/// sign-in ids so all of them can be revoked together.
/// </summary>
public sealed class RedisSignInStore(IConnectionMultiplexer redis) : ISignInStore
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    private IDatabase Db => redis.GetDatabase();

    public async Task SaveAsync(SignIn signIn)
    {
        var keep = (signIn.ExpiresAt - signIn.IssuedAt).ToTimeSpan() + Grace;
        var batch = Db.CreateBatch();
        var save = batch.StringSetAsync(RedisKeys.SignIn(signIn.Id), JsonSerializer.Serialize(signIn, DomainJson.Options), keep);
        var index = batch.SetAddAsync(RedisKeys.SignInsOf(signIn.OperatorId), signIn.Id);
        var expire = batch.KeyExpireAsync(RedisKeys.SignInsOf(signIn.OperatorId), keep);
        batch.Execute();
        await Task.WhenAll(save, index, expire);
    }

    public async Task<IReadOnlyDictionary<string, SignIn>> GetAsync(IReadOnlyCollection<string> ids)
    {
        var list = ids.Distinct().ToArray();
        if (list.Length == 0) return new Dictionary<string, SignIn>();
        var values = await Db.StringGetAsync(list.Select(id => (RedisKey)RedisKeys.SignIn(id)).ToArray());
        var found = new Dictionary<string, SignIn>(StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
            if (!values[i].IsNull && JsonSerializer.Deserialize<SignIn>(values[i].ToString(), DomainJson.Options) is { } s)
                found[list[i]] = s;
        return found;
    }

    public async Task<bool> RevokeAsync(string id, Instant now)
    {
        var key = RedisKeys.SignIn(id);
        var current = await Db.StringGetAsync(key);
        if (current.IsNull || JsonSerializer.Deserialize<SignIn>(current.ToString(), DomainJson.Options) is not { } s) return false;
        if (s.RevokedAt is not null) return true;
        // KEEPTTL: a revoked sign-in is forgotten when it would have ended anyway.
        await Db.StringSetAsync(key, JsonSerializer.Serialize(s with { RevokedAt = now }, DomainJson.Options), null, keepTtl: true);
        return true;
    }

    // Compare-and-set in one script: of two refreshes with the same credential, exactly one wins.
    private const string SwapScript = """
        local cur = redis.call('GET', KEYS[1])
        if (cur or '') ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    public async Task<bool> SwapRefreshAsync(string id, string? expected, string next, TimeSpan keep) =>
        (int)await Db.ScriptEvaluateAsync(SwapScript, [RedisKeys.SignInRefresh(id)],
            [expected ?? "", next, (long)Math.Max(1, keep.TotalMilliseconds)]) == 1;

    public async Task<int> RevokeOperatorAsync(string operatorId, Instant now)
    {
        var ids = (await Db.SetMembersAsync(RedisKeys.SignInsOf(operatorId))).Select(v => v.ToString()).ToList();
        var revoked = 0;
        foreach (var s in (await GetAsync(ids)).Values.Where(s => s.IsValidAt(now)))
            if (await RevokeAsync(s.Id, now)) revoked++;
        return revoked;
    }
}
