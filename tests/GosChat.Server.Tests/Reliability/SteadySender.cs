using System.Collections.Concurrent;
using GosChat.Server.Hubs;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// Sends one message every <c>interval</c>, each with its own client message id; a send that fails is retried with the
/// same id until it is acknowledged (what the widget's outbox does), then the next one goes.
/// </summary>
public sealed class SteadySender(string prefix, Func<string, string, Task<SendResult>> send, TimeSpan interval)
{
    private readonly ConcurrentQueue<string> _acked = new();
    private int _failures;

    /// <summary>Client message ids the server acknowledged, in order.</summary>
    public IReadOnlyCollection<string> Acked => _acked;

    /// <summary>Sends that failed and were retried.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var clientMessageId = $"{prefix}-{i}";
            while (true)
            {
                try
                {
                    await send($"{prefix} {i}", clientMessageId);
                    _acked.Enqueue(clientMessageId);
                    break;
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failures);
                    await Task.Delay(interval, CancellationToken.None);
                }
                catch (Exception)
                {
                    return; // stopped while this one was not acknowledged: it does not count
                }
            }
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
