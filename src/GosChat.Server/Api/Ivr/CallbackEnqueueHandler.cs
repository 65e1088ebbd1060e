using GosChat.Domain.Calls;
using GosChat.Domain.Jobs;

namespace GosChat.Server.Api.Ivr;

/// <summary>At a callback's slot: puts it into its queue as a call-type session (idempotent).</summary>
public sealed class CallbackEnqueueHandler(IServiceProvider services) : IJobHandler
{
    public string Kind => CallbackService.EnqueueJobType;

    // Resolved per run: the callback service needs the contact centre, whose observers need the job scheduler.
    public Task HandleAsync(DelayedJob job, CancellationToken ct) =>
        services.GetRequiredService<CallbackService>().EnqueueAsync(job.Payload);
}
