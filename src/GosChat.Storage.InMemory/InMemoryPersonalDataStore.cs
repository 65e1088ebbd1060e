using GosChat.Domain.Calls;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>
/// <see cref="IPersonalDataStore"/> of the embedded store: the routing store already holds every session, so there is
/// nothing to index; erasure forgets the session in each in-process store and deletes its files.
/// </summary>
public sealed class InMemoryPersonalDataStore(
    InMemoryRoutingStore routing, InMemoryMessageStore messages, FileAttachmentStore attachments,
    InMemoryCitizenHistory history, InMemoryCallbackStore callbacks) : IPersonalDataStore
{
    public Task IndexAsync(Session session) => Task.CompletedTask;

    public Task<string?> FindSessionByTicketAsync(string ticket) => Task.FromResult(routing.FindByTicket(ticket));

    public Task<IReadOnlyList<string>> ClosedBeforeAsync(Instant cutoff, int limit) => Task.FromResult(routing.ClosedBefore(cutoff, limit));

    public async Task EraseSessionAsync(string sessionId, string? ticket, IReadOnlyCollection<string> attachmentIds)
    {
        await attachments.DeleteAsync(sessionId, attachmentIds);
        await messages.ForgetAsync(sessionId);
        routing.Forget(sessionId);
    }

    public Task EraseCallbackAsync(CallbackBooking booking)
    {
        callbacks.Forget(booking.Ticket);
        return Task.CompletedTask;
    }

    /// <summary>Files of sessions this node no longer knows (lost at a restart), all uploaded at or before the cut-off.</summary>
    public async Task<int> PurgeOrphansAsync(Instant cutoff)
    {
        var erased = 0;
        foreach (var (sessionId, uploads) in attachments.ListAll().ToList())
        {
            if (await routing.GetSessionAsync(sessionId) is not null || uploads.Any(u => u.UploadedAt > cutoff)) continue;
            await attachments.DeleteAsync(sessionId, uploads.Select(u => u.AttachmentId));
            erased++;
        }
        return erased;
    }

    public Task ForgetCitizenSessionsAsync(string citizenKey, IReadOnlyCollection<string> sessionIds)
    {
        history.Forget(citizenKey, sessionIds);
        return Task.CompletedTask;
    }
}
