using System.Collections.Concurrent;

namespace GosChat.Server.Jobs;

/// <summary>
/// A few threads of the node's own for blocking calls (Hangfire's storage API). Work queues here instead of tying up
/// .NET thread-pool threads, which the async code of the node, and the Redis client's reading of replies, need.
/// </summary>
public sealed class StorageThreads : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> _queue = new();
    private readonly Thread[] _threads;

    public StorageThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = Enumerable.Range(0, count).Select(i => new Thread(Loop) { IsBackground = true, Name = $"goschat-storage-{i}" }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on one of these threads; the task ends with it (or with its exception).</summary>
    public Task Run(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _queue.Add((work, done));
        }
        catch (InvalidOperationException)
        {
            done.SetException(new ObjectDisposedException(nameof(StorageThreads)));
        }
        return done.Task;
    }

    private void Loop()
    {
        foreach (var (work, done) in _queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
    }
}
