using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>
/// The retry of breach announcements: claims the <see cref="IAnnouncementOutbox"/> entries left pending longer than
/// <see cref="DeadlineOptions.AnnounceRetryAfter"/> (their node died or hung between recording and announcing) and
/// runs them again through <see cref="DeadlineBreachHandler"/>, which records what is not recorded yet and announces
/// what was never marked announced. Every node runs it from its sweep; a claim is atomic, so nodes do not race.
/// </summary>
public sealed class BreachAnnouncer(IAnnouncementOutbox outbox, DeadlineBreachHandler handler, IClock clock, DeadlineOptions options)
{
    /// <summary>How many entries one pass claims at most.</summary>
    public const int Batch = 100;

    /// <summary>Fired when one entry fails (it stays pending and is claimed again after the grace period).</summary>
    public event Action<Exception>? Failed;

    /// <summary>Retries the entries due now; returns how many were claimed.</summary>
    public async Task<int> RetryPendingAsync()
    {
        var now = clock.GetCurrentInstant();
        var due = await outbox.ClaimAsync(now - Duration.FromTimeSpan(options.AnnounceRetryAfter), now, Batch);
        foreach (var entry in due)
        {
            try
            {
                await handler.RunAsync(entry, retry: true);
            }
            catch (System.Text.Json.JsonException)
            {
                await outbox.RemoveAsync(entry); // not a breach job's payload: nothing can ever announce it
            }
            catch (Exception ex)
            {
                Failed?.Invoke(ex);
            }
        }
        return due.Count;
    }
}
