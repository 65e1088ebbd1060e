using System.Globalization;
using System.Text.Json;
using GosChat.Domain.Jobs;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="IJobStore"/> on Redis, safe for many nodes. Each call is one Lua script (one round trip) over
/// the <see cref="RedisKeys.Jobs"/> keys, which share one hash tag. Times are the caller's, in unix
/// milliseconds; Redis TIME is never used.
/// </summary>
public sealed class RedisJobStore : IJobStore
{
    private readonly RedisKey _dataKey;
    private readonly RedisKey _dueKey;
    private readonly RedisKey _runningKey;
    private readonly RedisKey _deadKey;
    private readonly RedisKey[] _allKeys;

    private readonly IDatabase _db;
    private readonly IClock _clock;

    /// <param name="database">From <c>IConnectionMultiplexer.GetDatabase()</c>.</param>
    /// <param name="clock">Stamps <see cref="JobRecord.CreatedAt"/> and the time a job died (orders the dead list).</param>
    /// <param name="keyPrefix">Replaces <see cref="RedisKeys.Prefix"/>; keep the default in production. Must not contain braces.</param>
    public RedisJobStore(IDatabase database, IClock clock, string keyPrefix = RedisKeys.Prefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        if (keyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
            throw new ArgumentException("The key prefix must not contain braces: they would change the {jobs} hash tag.", nameof(keyPrefix));
        _db = database;
        _clock = clock;
        _dataKey = RedisKeys.Jobs.WithPrefix(keyPrefix, RedisKeys.Jobs.Data);
        _dueKey = RedisKeys.Jobs.WithPrefix(keyPrefix, RedisKeys.Jobs.Due);
        _runningKey = RedisKeys.Jobs.WithPrefix(keyPrefix, RedisKeys.Jobs.Running);
        _deadKey = RedisKeys.Jobs.WithPrefix(keyPrefix, RedisKeys.Jobs.Dead);
        _allKeys = [_dataKey, _dueKey, _runningKey, _deadKey];
    }

    public async Task<JobRecord> ScheduleAsync(string id, string type, string payload, Instant dueAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(payload);
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Schedule, _allKeys,
            [id, type, payload, Ms(dueAt), Ms(_clock.GetCurrentInstant())]).ConfigureAwait(false);
        return Parse((string)result!);
    }

    public async Task<bool> CancelAsync(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Cancel, _allKeys, [id]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<IReadOnlyList<JobRecord>> ClaimDueAsync(Instant now, Duration lease, int max, string workerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        if (lease <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(lease), lease, "Lease must be positive.");
        var nowMs = now.ToUnixTimeMilliseconds();
        var leaseUntilMs = nowMs + (long)lease.TotalMilliseconds;
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Claim, [_dataKey, _dueKey, _runningKey],
            [Text(nowMs), Text(leaseUntilMs), max, workerId]).ConfigureAwait(false);
        return ParseMany(result);
    }

    public async Task<bool> CompleteAsync(string id, string workerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(workerId);
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Complete, [_dataKey, _runningKey], [id, workerId]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<bool> FailAsync(string id, string workerId, string error, Instant? retryAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentNullException.ThrowIfNull(error);
        var retry = retryAt is { } at ? Ms(at) : string.Empty;
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Fail, _allKeys,
            [id, workerId, error, retry, Ms(_clock.GetCurrentInstant())]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<bool> ReleaseAsync(string id, string workerId, Instant dueAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(workerId);
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.Release, [_dataKey, _dueKey, _runningKey], [id, workerId, Ms(dueAt)]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var filter = state is { } s ? s.ToString() : string.Empty;
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.List, _allKeys, [filter, max]).ConfigureAwait(false);
        return ParseMany(result);
    }

    public async Task<bool> RetryDeadAsync(string id, Instant now)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var result = await _db.ScriptEvaluateAsync(RedisJobScripts.RetryDead, [_dataKey, _dueKey, _deadKey], [id, Ms(now)]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<JobRecord?> GetAsync(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var raw = await _db.HashGetAsync(_dataKey, id).ConfigureAwait(false);
        return raw.IsNull ? null : Parse((string)raw!);
    }

    private static IReadOnlyList<JobRecord> ParseMany(RedisResult result)
    {
        var items = (RedisResult[])result!;
        if (items is null || items.Length == 0) return Array.Empty<JobRecord>();
        var jobs = new JobRecord[items.Length];
        for (var i = 0; i < items.Length; i++) jobs[i] = Parse((string)items[i]!);
        return jobs;
    }

    /// <summary>Reads the job JSON written by the scripts (cjson: field order free, times as strings or numbers).</summary>
    internal static JobRecord Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new JobRecord(
            Id: RequiredString(root, "id"),
            Type: RequiredString(root, "type"),
            Payload: RequiredString(root, "payload"),
            DueAt: Time(root, "due") ?? throw Corrupt("due"),
            Attempts: root.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? (int)a.GetDouble() : 0,
            State: Enum.Parse<JobState>(RequiredString(root, "state"), ignoreCase: false),
            LastError: OptionalString(root, "error"),
            LeaseUntil: Time(root, "lease"),
            ClaimedBy: OptionalString(root, "by"),
            CreatedAt: Time(root, "created") ?? throw Corrupt("created"));
    }

    private static string RequiredString(JsonElement root, string name) => OptionalString(root, name) ?? throw Corrupt(name);

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Instant? Time(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Instant.FromUnixTimeMilliseconds(long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            JsonValueKind.Number => Instant.FromUnixTimeMilliseconds((long)value.GetDouble()),
            _ => null,
        };
    }

    private static InvalidDataException Corrupt(string field) => new($"Stored job JSON lacks '{field}'.");

    private static string Ms(Instant instant) => Text(instant.ToUnixTimeMilliseconds());

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
