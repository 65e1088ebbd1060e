using GosChat.Domain.Calls;
using GosChat.Domain.Jobs;

namespace GosChat.Server.Api.Ivr;

/// <summary>At a callback's slot: puts it into its queue as a call-type session (idempotent).</summary>
public sealed class CallbackEnqueueHandler(IServiceProvider services) : IJobHandler
{
    public string Type => CallbackService.EnqueueJobType;

    // Resolved per run: the callback service needs the contact centre, which is built after the job runner's handlers.
    public Task HandleAsync(JobRecord job, CancellationToken ct) =>
        services.GetRequiredService<CallbackService>().EnqueueAsync(job.Payload);
}
