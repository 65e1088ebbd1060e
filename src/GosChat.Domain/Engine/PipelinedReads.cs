namespace GosChat.Domain.Engine;

/// <summary>Helpers for store calls sent together so that they share one round trip.</summary>
internal static class PipelinedReads
{
    /// <summary>
    /// Awaits <paramref name="first"/>; when it fails, the <paramref name="alongside"/> call sent with it is still
    /// observed (its own failure is of no interest then), so it never surfaces as an unobserved task exception.
    /// </summary>
    public static async Task<T> ObservingOnFailure<T, TOther>(this Task<T> first, Task<TOther>? alongside)
    {
        try
        {
            return await first;
        }
        catch
        {
            if (alongside is not null) _ = alongside.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }
}
