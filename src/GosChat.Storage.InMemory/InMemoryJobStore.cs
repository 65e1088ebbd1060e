using GosChat.Domain.Jobs;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>
/// <see cref="IJobStore"/> in process, for one node. One lock guards all state, so each call is atomic.
/// Mirrors the Redis layout (due / running / dead indexes ordered by (millisecond score, id)) so both
/// stores order and round times the same way.
/// </summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly object _gate = new();
    private readonly IClock _clock;
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deadAt = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Score, string Id)> _due = new(IndexComparer.Instance);
    private readonly SortedSet<(long Score, string Id)> _running = new(IndexComparer.Instance);
    private readonly SortedSet<(long Score, string Id)> _dead = new(IndexComparer.Instance);

    /// <param name="clock">Stamps <see cref="JobRecord.CreatedAt"/> and the time a job died (orders the dead list).</param>
    public InMemoryJobStore(IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    public Task<JobRecord> ScheduleAsync(string id, string type, string payload, Instant dueAt)
    {
        RequireId(id);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(payload);
        var due = Ms(dueAt);
        lock (_gate)
        {
            var createdAt = _jobs.TryGetValue(id, out var old) ? old.CreatedAt : Ms(_clock.GetCurrentInstant());
            Unindex(id);
            var job = new JobRecord(id, type, payload, due, 0, JobState.Scheduled, null, null, null, createdAt);
            _jobs[id] = job;
            _due.Add((Score(due), id));
            return Task.FromResult(job);
        }
    }

    public Task<bool> CancelAsync(string id)
    {
        RequireId(id);
        lock (_gate)
        {
            if (!_jobs.ContainsKey(id)) return Task.FromResult(false);
            Unindex(id);
            _jobs.Remove(id);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<JobRecord>> ClaimDueAsync(Instant now, Duration lease, int max, string workerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        if (lease <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(lease), lease, "Lease must be positive.");
        var nowMs = Score(now);
        var leaseUntil = Instant.FromUnixTimeMilliseconds(nowMs + (long)lease.TotalMilliseconds);
        var claimed = new List<JobRecord>();
        lock (_gate)
        {
            foreach (var (_, id) in TakeUpTo(_running, nowMs, max)) claimed.Add(Claim(id, leaseUntil, workerId));
            foreach (var (_, id) in TakeUpTo(_due, nowMs, max - claimed.Count)) claimed.Add(Claim(id, leaseUntil, workerId));
        }
        return Task.FromResult<IReadOnlyList<JobRecord>>(claimed);
    }

    public Task<bool> CompleteAsync(string id, string workerId)
    {
        RequireId(id);
        lock (_gate)
        {
            if (!IsHeldBy(id, workerId, out var job)) return Task.FromResult(false);
            _jobs.Remove(id);
            _running.Remove((Score(job.LeaseUntil!.Value), id));
            return Task.FromResult(true);
        }
    }

    public Task<bool> FailAsync(string id, string workerId, string error, Instant? retryAt)
    {
        RequireId(id);
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            if (!IsHeldBy(id, workerId, out var job)) return Task.FromResult(false);
            _running.Remove((Score(job.LeaseUntil!.Value), id));
            if (retryAt is { } at)
            {
                var due = Ms(at);
                _jobs[id] = job with { State = JobState.Failed, DueAt = due, LastError = error, LeaseUntil = null, ClaimedBy = null };
                _due.Add((Score(due), id));
            }
            else
            {
                var diedAt = Score(_clock.GetCurrentInstant());
                _jobs[id] = job with { State = JobState.Dead, LastError = error, LeaseUntil = null, ClaimedBy = null };
                _deadAt[id] = diedAt;
                _dead.Add((diedAt, id));
            }
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReleaseAsync(string id, string workerId, Instant dueAt)
    {
        RequireId(id);
        var due = Ms(dueAt);
        lock (_gate)
        {
            if (!IsHeldBy(id, workerId, out var job)) return Task.FromResult(false);
            _running.Remove((Score(job.LeaseUntil!.Value), id));
            _jobs[id] = job with
            {
                State = JobState.Scheduled, DueAt = due, Attempts = Math.Max(0, job.Attempts - 1), LeaseUntil = null, ClaimedBy = null,
            };
            _due.Add((Score(due), id));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = new List<JobRecord>();
        lock (_gate)
        {
            if (state is null or JobState.Running) Collect(_running, null, max, result);
            if (state is null or JobState.Scheduled or JobState.Failed) Collect(_due, state, max, result);
            if (state is null or JobState.Dead) Collect(_dead, null, max, result);
        }
        return Task.FromResult<IReadOnlyList<JobRecord>>(result);
    }

    public Task<bool> RetryDeadAsync(string id, Instant now)
    {
        RequireId(id);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out var job) || job.State != JobState.Dead) return Task.FromResult(false);
            Unindex(id);
            var due = Ms(now);
            _jobs[id] = job with { State = JobState.Scheduled, DueAt = due, Attempts = 0 };
            _due.Add((Score(due), id));
            return Task.FromResult(true);
        }
    }

    public Task<JobRecord?> GetAsync(string id)
    {
        RequireId(id);
        lock (_gate) return Task.FromResult(_jobs.TryGetValue(id, out var job) ? job : null);
    }

    private JobRecord Claim(string id, Instant leaseUntil, string workerId)
    {
        var job = _jobs[id];
        Unindex(id);
        var claimed = job with { State = JobState.Running, Attempts = job.Attempts + 1, LeaseUntil = leaseUntil, ClaimedBy = workerId };
        _jobs[id] = claimed;
        _running.Add((Score(leaseUntil), id));
        return claimed;
    }

    private bool IsHeldBy(string id, string workerId, out JobRecord job) =>
        _jobs.TryGetValue(id, out job!) && job.State == JobState.Running && string.Equals(job.ClaimedBy, workerId, StringComparison.Ordinal);

    /// <summary>Removes the id from whichever index holds it (its score comes from the record).</summary>
    private void Unindex(string id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return;
        switch (job.State)
        {
            case JobState.Running:
                _running.Remove((Score(job.LeaseUntil!.Value), id));
                break;
            case JobState.Dead:
                if (_deadAt.Remove(id, out var diedAt)) _dead.Remove((diedAt, id));
                break;
            default:
                _due.Remove((Score(job.DueAt), id));
                break;
        }
    }

    private static List<(long Score, string Id)> TakeUpTo(SortedSet<(long Score, string Id)> index, long maxScore, int count)
    {
        var taken = new List<(long, string)>();
        foreach (var entry in index)
        {
            if (taken.Count >= count || entry.Score > maxScore) break;
            taken.Add(entry);
        }
        return taken;
    }

    private void Collect(SortedSet<(long Score, string Id)> index, JobState? state, int max, List<JobRecord> into)
    {
        foreach (var (_, id) in index)
        {
            if (into.Count >= max) return;
            var job = _jobs[id];
            if (state is null || job.State == state) into.Add(job);
        }
    }

    private static void RequireId(string id) => ArgumentException.ThrowIfNullOrEmpty(id);

    private static long Score(Instant instant) => instant.ToUnixTimeMilliseconds();

    private static Instant Ms(Instant instant) => Instant.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private sealed class IndexComparer : IComparer<(long Score, string Id)>
    {
        public static readonly IndexComparer Instance = new();

        public int Compare((long Score, string Id) x, (long Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
