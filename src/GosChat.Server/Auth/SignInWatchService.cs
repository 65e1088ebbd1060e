using Microsoft.Extensions.Options;

namespace GosChat.Server.Auth;

/// <summary>
/// Closes this node's operator-hub connections whose sign-in has ended elsewhere (a logout on another node, an
/// account removed): every <see cref="AuthOptions.SignInCheckInterval"/>, one batched read of the sign-ins in use.
/// </summary>
public sealed partial class SignInWatchService(SignedInConnections connections, SignInService signIns, IOptions<AuthOptions> options,
    ILogger<SignInWatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SignInCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var ids = connections.SignInIds;
                    if (ids.Count == 0) continue;
                    var ended = await signIns.EndedAsync(ids);
                    if (ended.Count > 0) Closed(logger, connections.Close(ended));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    CheckFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Closed {Count} operator connection(s) whose sign-in ended")]
    private static partial void Closed(ILogger logger, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Checking the sign-ins of open connections failed; the next tick tries again")]
    private static partial void CheckFailed(ILogger logger, Exception ex);
}
