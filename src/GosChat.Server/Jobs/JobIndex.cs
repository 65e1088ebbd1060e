using System.Globalization;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Jobs;

/// <summary>One entry of the <see cref="JobIndex"/>: which Hangfire job currently stands for a domain job id.</summary>
public sealed record JobIndexEntry(string Token, string HangfireId, string Kind, long DueAtUnixMs);

/// <summary>
/// Our job id → the Hangfire job that currently stands for it, kept in Hangfire's own storage (a hash per id, so
/// on Redis it lives under Hangfire's key prefix and every node sees it).
/// <list type="bullet">
/// <item>Replacing a job: the new Hangfire job is created and recorded; the old one is deleted. A job that is due
/// later (deadlines: minutes) is created and recorded without a lock: a start schedules several jobs, and a lock per
/// job would put two blocking round trips on that path. Two such replaces of one id that race both record; the later
/// write wins, and the job of the other finds its token out of date when it wakes and does nothing. A job that can
/// wake at once (created Enqueued, or due within <see cref="WakesSoon"/>) is created and recorded under the id's
/// lock: an idle worker can take it between the two steps, and then waits on that lock in <see cref="IsCurrent"/>
/// instead of finding no entry and taking itself for stale.</item>
/// <item>A waking job runs only while its <see cref="JobArgs.Token"/> is the recorded one (<see cref="IsCurrent"/>).</item>
/// <item>A finished job removes its own entry (<see cref="RemoveIfCurrent"/>); a failed one keeps it, so a retry runs.</item>
/// </list>
/// </summary>
public sealed class JobIndex(JobStorage storage, IOptions<JobsOptions> options)
{
    private const string KeyPrefix = "goschat-job:";
    private const string LockPrefix = "goschat-job-lock:";

    private static string Key(string id) => KeyPrefix + id;

    /// <summary>A job due within this time is recorded under its id's lock (see the class remarks): Hangfire's scheduler may move it to the queue on its next poll.</summary>
    public static readonly NodaTime.Duration WakesSoon = NodaTime.Duration.FromSeconds(5);

    public JobIndexEntry? Find(string id)
    {
        using var connection = storage.GetConnection();
        return Read(connection, id);
    }

    /// <summary>
    /// <paramref name="create"/> makes the new Hangfire job (given its token) and the entry is replaced, under the id's
    /// lock when the job <paramref name="wakesAtOnce"/>. Returns the entry it replaced, if any, so the caller can delete
    /// that Hangfire job.
    /// </summary>
    public JobIndexEntry? Replace(JobArgs args, Func<string> create, bool wakesAtOnce)
    {
        using var connection = storage.GetConnection();
        using var held = wakesAtOnce ? connection.AcquireDistributedLock(LockPrefix + args.Id, options.Value.LockTimeout) : null;
        var old = Read(connection, args.Id);
        var hangfireId = create();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(args.Id), new Dictionary<string, string>
        {
            ["Token"] = args.Token,
            ["HangfireId"] = hangfireId,
            ["Kind"] = args.Kind,
            ["DueAt"] = args.DueAtUnixMs.ToString(CultureInfo.InvariantCulture),
        });
        transaction.Commit();
        return old;
    }

    /// <summary>Removes the entry, returning it (null when there was none). A copy still scheduled wakes stale and does nothing.</summary>
    public JobIndexEntry? Remove(string id)
    {
        using var connection = storage.GetConnection();
        var old = Read(connection, id);
        if (old is not null) RemoveHash(connection, id);
        return old;
    }

    /// <summary>
    /// True while <paramref name="args"/> is the recorded job for its id. A mismatch is re-read under the lock, so a
    /// job that wakes while its own <see cref="Replace"/> is still recording it is not taken for stale.
    /// </summary>
    public bool IsCurrent(JobArgs args)
    {
        using var connection = storage.GetConnection();
        if (Read(connection, args.Id)?.Token == args.Token) return true;
        using var _ = connection.AcquireDistributedLock(LockPrefix + args.Id, options.Value.LockTimeout);
        return Read(connection, args.Id)?.Token == args.Token;
    }

    /// <summary>Under the id's lock: removes the entry if <paramref name="args"/> is still the recorded job.</summary>
    public bool RemoveIfCurrent(JobArgs args)
    {
        using var connection = storage.GetConnection();
        using var _ = connection.AcquireDistributedLock(LockPrefix + args.Id, options.Value.LockTimeout);
        if (Read(connection, args.Id)?.Token != args.Token) return false;
        RemoveHash(connection, args.Id);
        return true;
    }

    private static JobIndexEntry? Read(IStorageConnection connection, string id)
    {
        var fields = connection.GetAllEntriesFromHash(Key(id));
        if (fields is null
            || !fields.TryGetValue("Token", out var token)
            || !fields.TryGetValue("HangfireId", out var hangfireId)) return null;
        var due = fields.TryGetValue("DueAt", out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        return new JobIndexEntry(token, hangfireId, fields.GetValueOrDefault("Kind") ?? "", due);
    }

    private static void RemoveHash(IStorageConnection connection, string id)
    {
        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(Key(id));
        transaction.Commit();
    }
}
