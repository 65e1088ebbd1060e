using System.Collections.Concurrent;
using GosChat.Domain.Ports;

namespace GosChat.Storage.InMemory;

/// <summary>Attachments in process memory (the embedded store: nothing survives a restart).</summary>
public sealed class InMemoryAttachmentStore : IAttachmentStore
{
    private readonly ConcurrentDictionary<(string SessionId, string AttachmentId), StoredAttachment> _files = new();

    public Task SaveAsync(StoredAttachment attachment)
    {
        _files[(attachment.SessionId, attachment.AttachmentId)] = attachment with { Content = attachment.Content.ToArray() };
        return Task.CompletedTask;
    }

    public Task<StoredAttachment?> GetAsync(string sessionId, string attachmentId) =>
        Task.FromResult(_files.TryGetValue((sessionId, attachmentId), out var a) ? a with { Content = a.Content.ToArray() } : null);
}
