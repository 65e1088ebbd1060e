using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Server.Metrics;

/// <summary>Counts accepted offers as the domain reports them (once, on the node that committed the acceptance).</summary>
public sealed class SessionMetricsObserver(GosChatMetrics metrics) : ISessionObserver
{
    public Task AcceptedAsync(Session session)
    {
        metrics.Accepted(session.Queue, session.Channel);
        return Task.CompletedTask;
    }
}
