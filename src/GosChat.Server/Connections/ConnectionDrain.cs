using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Connections;

/// <summary>
/// A graceful stop that takes seconds, not the host's 30 s: the node refuses new hub connections at once
/// (<see cref="DrainGate"/>, and /healthz turns unhealthy), asks every hub client to reconnect — to another node, through
/// the load balancer — with SignalR's close message that allows a reconnect, waits up to
/// <see cref="ShutdownOptions.ShutdownGrace"/> for them to leave, and cuts the rest.
/// <para>
/// It runs before SignalR closes its connections on <c>ApplicationStopping</c> (which would close them without a word and
/// let them come straight back while Kestrel waits for them): as a lifecycle service's <c>StoppingAsync</c> when the host
/// is stopped in code, and from an <c>ApplicationStopping</c> callback registered after SignalR's when the stop comes
/// from a signal (callbacks run newest first). Whichever comes first drains; the other waits for it.
/// </para>
/// </summary>
public sealed partial class ConnectionDrain(
    LocalConnections connections, IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options, ILogger<ConnectionDrain> logger)
    : IHostedLifecycleService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly Lazy<Task> _drain = new(() => Task.Run(() => DrainAsync(connections, options.Value.ShutdownGrace, logger)));
    private volatile bool _draining;
    private CancellationTokenRegistration _onStopping;

    /// <summary>True from the moment the node starts stopping: new hub connections are refused.</summary>
    public bool Draining => _draining;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Registered after SignalR's connection manager (made when the hubs were mapped), so it runs before it.
        _onStopping = lifetime.ApplicationStopping.Register(() => Drain().GetAwaiter().GetResult());
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Drain().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _onStopping.Dispose();
        return Task.CompletedTask;
    }

    private Task Drain()
    {
        _draining = true;
        return _drain.Value;
    }

    private static async Task DrainAsync(LocalConnections connections, TimeSpan grace, ILogger logger)
    {
        var started = Stopwatch.StartNew();
        var asked = connections.Count;
        foreach (var connection in connections.All) connection.RequestClose();
        while (connections.Count > 0 && started.Elapsed < grace) await Task.Delay(Poll);
        var cut = 0;
        foreach (var connection in connections.All)
            if (connection.Cut()) cut++;
        Drained(logger, asked, cut, started.Elapsed.TotalSeconds);
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information,
        Message = "Stopping: asked {Asked} hub connection(s) to reconnect elsewhere; {Cut} still open after {Seconds:F1} s were cut")]
    private static partial void Drained(ILogger logger, int asked, int cut, double seconds);
}
