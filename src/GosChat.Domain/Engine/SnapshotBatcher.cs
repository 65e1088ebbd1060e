using GosChat.Domain.Ports;

namespace GosChat.Domain.Engine;

/// <summary>
/// Shares snapshot reads among concurrent callers on one node. Every caller gets a snapshot whose read began
/// after its call (so it sees everything the caller committed before asking); callers that arrive while a read
/// is running share the next one. A burst of N session starts costs about two reads instead of N.
/// </summary>
public sealed class SnapshotBatcher(IRoutingStore store)
{
    private readonly object _gate = new();
    private bool _running;
    private TaskCompletionSource<RoutingSnapshot>? _next;

    public Task<RoutingSnapshot> LoadAsync()
    {
        lock (_gate)
        {
            _next ??= new TaskCompletionSource<RoutingSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(DrainAsync);
            }
            return mine;
        }
    }

    /// <summary>Reads for the waiting batch, then for whoever arrived during that read, until nobody waits.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            TaskCompletionSource<RoutingSnapshot> batch;
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }
                batch = _next;
                _next = null;
            }
            try
            {
                batch.SetResult(await store.LoadSnapshotAsync());
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }
        }
    }
}
