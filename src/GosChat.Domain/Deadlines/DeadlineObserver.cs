using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// Starts and stops deadlines as sessions move. A chat's first-reply and resolution clocks start the first time
/// it is queued while its queue is open (at start, or at opening for a deferred one) and are not restarted by a
/// transfer or a return to the queue; a call's answer clock likewise. The first operator reply stops the
/// first-reply clock, an accepted call stops its answer and overload-confirmation clocks, and closing stops everything.
/// </summary>
public sealed class DeadlineObserver(IDeadlineScheduler deadlines) : ISessionObserver
{
    public async Task QueuedAsync(Session session)
    {
        if (session.TransferredFrom.Count > 0) return; // back in a queue: the clocks started at the first queueing keep running
        if (session.Channel == Channel.Call)
        {
            await deadlines.StartAsync(session, DeadlineKind.Answer, session.QueuedAt);
            return;
        }
        await Task.WhenAll(
            session.FirstOperatorReplyAt is null ? deadlines.StartAsync(session, DeadlineKind.FirstResponse, session.QueuedAt) : Task.CompletedTask,
            deadlines.StartAsync(session, DeadlineKind.Resolution, session.QueuedAt));
    }

    /// <summary>An accepted call has its answer, and the caller has a person: the overload confirmation is met too.</summary>
    public async Task AcceptedAsync(Session session)
    {
        if (session.Channel != Channel.Call) return;
        await Task.WhenAll(
            deadlines.StopAsync(session.Id, DeadlineKind.Answer),
            deadlines.StopAsync(session.Id, DeadlineKind.CallbackConfirmation));
    }

    public Task FirstReplyAsync(Session session) => deadlines.StopAsync(session.Id, DeadlineKind.FirstResponse);

    public async Task ClosedAsync(Session session)
    {
        await Task.WhenAll(DeadlineNames.All.Select(kind => deadlines.StopAsync(session.Id, kind)));
    }
}
