using System.Globalization;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Queues;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Request cards on Redis: one versioned record per ticket sequence, and per queue and status a sorted set of tickets by
/// due time, all under the hash tag <c>{requests}</c>, so each save is one script (<see cref="RequestScripts.Save"/>:
/// compare version, write the card, move its ticket to its status's set). The supervisors' list reads counts (ZCARD,
/// ZCOUNT) and one page of tickets from the sets in one script, then only that page's cards (MGET). Personal fields
/// are encrypted at the JSON boundary. A resolved or declined request expires
/// <see cref="RedisStoreOptions.ClosedSessionRetention"/> after its last change: the key's TTL, and the set
/// <see cref="RedisKeys.Requests.Expiry"/> (by the application clock) from which the list drops it from the indexes.
/// Cards of the earlier layout (one tag per card) are moved into this one the first time a store is used.
/// </summary>
public sealed class RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options, IPersonalDataCipher cipher) : IRequestStore
{
    private static readonly RequestStatus[] Statuses = Enum.GetValues<RequestStatus>();
    private static readonly string FinalFlags = string.Concat(Statuses.Select(s => RequestStatuses.IsFinal(s) ? '1' : '0'));
    private const int PurgeBatch = 200;
    private readonly System.Text.Json.JsonSerializerOptions _json = PersonalDataJson.OptionsFor(cipher);
    private Task? _migrated;
    private IDatabase Db => redis.GetDatabase();

    private static RedisKey[] DueKeys(string queue) => [.. Statuses.Select(s => (RedisKey)RedisKeys.Requests.Due(RequestStatuses.Wire(s), queue))];

    private static string Ms(Instant at) => (at.ToUnixTimeTicks() / NodaConstants.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture);

    public async Task<bool> SaveAsync(ServiceRequest request)
    {
        await MigratedAsync();
        return await WriteAsync(request, RequestScripts.Save, request.Version.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<bool> WriteAsync(ServiceRequest request, string script, string expected)
    {
        var next = request with { Version = request.Version + 1 };
        var ttl = request.IsFinal ? (long)options.ClosedSessionRetention.TotalMilliseconds : 0;
        var expiry = request.IsFinal ? Ms(request.StatusSince + Duration.FromTimeSpan(options.ClosedSessionRetention)) : "";
        var sequence = Ticket.SequenceOf(request.Ticket);
        var result = (int)await Db.ScriptEvaluateAsync(script,
            // The card's files (same hash tag) take the card's expiry in the same script, so they go with it.
            [RedisKeys.Requests.Card(sequence), .. DueKeys(request.Queue), RedisKeys.Requests.Expiry,
                .. request.Attachments.Select(a => (RedisKey)RedisKeys.Requests.File(sequence, a.Id))],
            [
                expected,
                VersionedRecord.Encode(next, next.Version, _json),
                ttl.ToString(CultureInfo.InvariantCulture),
                request.Ticket,
                Ms(request.DueAt),
                (Array.IndexOf(Statuses, request.Status) + 1).ToString(CultureInfo.InvariantCulture),
                expiry,
            ]);
        return result == 1;
    }

    public async Task<RequestPage> QueryAsync(RequestQuery query)
    {
        await MigratedAsync();
        await PurgeExpiredAsync(query.Now);
        var queues = query.Queue is { } q ? [q] : QueueCatalog.Ids;
        var wanted = query.Status is { } s ? Array.IndexOf(Statuses, s) + 1 : 0;
        var raw = (RedisResult[])(await Db.ScriptEvaluateAsync(RequestScripts.Page, [.. queues.SelectMany(DueKeys)],
            [Ms(query.Now), query.Limit, wanted, query.OverdueOnly ? 1 : 0, FinalFlags]))!;
        var counts = Statuses.Select((status, i) => (status, count: (int)raw[i])).ToDictionary(c => c.status, c => c.count);
        var overdue = (int)raw[Statuses.Length];
        var matching = (int)raw[Statuses.Length + 1];
        var tickets = raw.Skip(Statuses.Length + 2).Select(r => (string)r!).ToList();
        var cards = await ReadAsync(tickets);
        return new RequestPage(cards, matching, counts, overdue);
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListAsync()
    {
        await MigratedAsync();
        var batch = Db.CreateBatch();
        var reads = QueueCatalog.Ids.SelectMany(DueKeys).Select(k => batch.SortedSetRangeByRankAsync(k)).ToList();
        batch.Execute();
        var tickets = new List<string>();
        foreach (var read in reads) tickets.AddRange((await read).Select(t => (string)t!));
        return await ReadAsync(tickets);
    }

    /// <summary>The cards of these tickets, in this order (one MGET: they share a slot); cards gone meanwhile are left out.</summary>
    private async Task<IReadOnlyList<ServiceRequest>> ReadAsync(IReadOnlyList<string> tickets)
    {
        if (tickets.Count == 0) return [];
        var values = await Db.StringGetAsync([.. tickets.Select(t => (RedisKey)RedisKeys.Requests.Card(Ticket.SequenceOf(t)))]);
        var found = new List<ServiceRequest>(tickets.Count);
        for (var i = 0; i < tickets.Count; i++)
            if (!values[i].IsNull && VersionedRecord.Decode<ServiceRequest>(values[i], _json) is { } r && r.Ticket == tickets[i]) found.Add(r);
        return found;
    }

    /// <summary>Drops final requests past their retention (application clock) from the indexes, and their cards.</summary>
    private async Task PurgeExpiredAsync(Instant now)
    {
        var due = await Db.SortedSetRangeByScoreAsync(RedisKeys.Requests.Expiry, double.NegativeInfinity,
            double.Parse(Ms(now), CultureInfo.InvariantCulture), take: PurgeBatch);
        if (due.Length == 0) return;
        var finals = QueueCatalog.Ids.SelectMany(q => Statuses.Where(RequestStatuses.IsFinal)
            .Select(s => (RedisKey)RedisKeys.Requests.Due(RequestStatuses.Wire(s), q)));
        await Db.ScriptEvaluateAsync(RequestScripts.Purge,
            [RedisKeys.Requests.Expiry, .. finals, .. due.Select(t => (RedisKey)RedisKeys.Requests.Card(Ticket.SequenceOf(t!)))],
            [Statuses.Count(RequestStatuses.IsFinal) * QueueCatalog.Ids.Count, .. due]);
    }

    public async Task<bool> DeleteAsync(string ticket)
    {
        if (await GetAsync(ticket) is not { } card) return false;
        return (int)await Db.ScriptEvaluateAsync(RequestScripts.Delete,
            [RedisKeys.Requests.Card(Ticket.SequenceOf(ticket)), .. DueKeys(card.Queue), RedisKeys.Requests.Expiry], [ticket]) == 1;
    }

    public async Task<ServiceRequest?> GetAsync(string ticket)
    {
        if (!Ticket.IsValid(ticket)) return null;
        await MigratedAsync();
        var value = await Db.StringGetAsync(RedisKeys.Requests.Card(Ticket.SequenceOf(ticket)));
        var request = value.IsNull ? null : VersionedRecord.Decode<ServiceRequest>(value, _json);
        return request?.Ticket == ticket ? request : null;
    }

    /// <summary>Moves cards of the earlier layout into this one, once per store (idempotent: a card already moved stays).</summary>
    private Task MigratedAsync() => _migrated ??= MigrateAsync();

    private async Task MigrateAsync()
    {
        foreach (var sequence in await Db.SetMembersAsync(RedisKeys.Requests.LegacyIndex))
        {
            var legacy = RedisKeys.Requests.LegacyRecord(sequence!);
            var value = await Db.StringGetAsync(legacy);
            if (!value.IsNull && VersionedRecord.Decode<ServiceRequest>(value, _json) is { } card)
                await WriteAsync(card with { Version = card.Version - 1 }, RequestScripts.Import, "");
            await Db.KeyDeleteAsync(legacy);
            await Db.SetRemoveAsync(RedisKeys.Requests.LegacyIndex, sequence);
        }
    }
}
