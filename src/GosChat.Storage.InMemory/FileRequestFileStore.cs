using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Sessions;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The embedded store's request files: on disk (encrypted, like chat attachments: <see cref="FileAttachmentStore"/>), one
/// folder per ticket sequence. The embedded node keeps its request cards in memory, so at start-up the folder is emptied:
/// the files go with the cards they belonged to.
/// </summary>
public sealed class FileRequestFileStore : IRequestFileStore
{
    private readonly FileAttachmentStore _files;

    public FileRequestFileStore(string folder, IPersonalDataCipher cipher)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        _files = new FileAttachmentStore(folder, cipher);
    }

    public Task SaveAsync(string ticket, StoredAttachment file) =>
        _files.SaveAsync(file with { SessionId = Folder(ticket) });

    public async Task<StoredAttachment?> GetAsync(string ticket, string attachmentId) =>
        Ticket.IsValid(ticket) && await _files.GetAsync(Folder(ticket), attachmentId) is { } f ? f with { SessionId = ticket } : null;

    public Task DeleteAsync(string ticket, string attachmentId) =>
        Ticket.IsValid(ticket) ? _files.DeleteAsync(Folder(ticket), [attachmentId]) : Task.CompletedTask;

    private static string Folder(string ticket) => Ticket.SequenceOf(ticket);
}
