namespace GosChat.Domain.Ports;

/// <summary>
/// The bytes of files attached to request cards (the card lists them: <see cref="Requests.RequestAttachment"/>). Kept as
/// long as the card is kept and removed with it: on Redis under the request's own hash tag, expiring with the card when
/// it becomes final; in the embedded store, files of the node's data folder, dropped at a restart like the cards.
/// <see cref="StoredAttachment.SessionId"/> holds the request's ticket.
/// </summary>
public interface IRequestFileStore
{
    /// <summary>Stores the file of the request <paramref name="ticket"/>; storing the same id again replaces it.</summary>
    Task SaveAsync(string ticket, StoredAttachment file);

    /// <summary>The file, or null when the request has no file with this id.</summary>
    Task<StoredAttachment?> GetAsync(string ticket, string attachmentId);

    /// <summary>Removes the file (nothing when there is none).</summary>
    Task DeleteAsync(string ticket, string attachmentId);
}
