using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Sessions;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Files of request cards: one hash per file under the request's hash tag (<see cref="RedisKeys.Requests.File"/>), laid
/// out like a chat's attachment and encrypted the same way. Written without expiry: the card's save script gives them
/// the card's expiry when it becomes final (<see cref="RedisRequestStore"/>), so they live exactly as long as the card.
/// </summary>
public sealed class RedisRequestFileStore(IConnectionMultiplexer redis, IPersonalDataCipher cipher) : IRequestFileStore
{
    public async Task SaveAsync(string ticket, StoredAttachment a)
    {
        var key = KeyOf(ticket, a.AttachmentId);
        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.KeyDeleteAsync(key);
        _ = tx.HashSetAsync(key,
        [
            new HashEntry("name", cipher.Encrypt(a.Name, RedisAttachmentStore.NameContext)),
            new HashEntry("contentType", a.ContentType),
            new HashEntry("uploadedAt", a.UploadedAt.ToUnixTimeMilliseconds()),
            new HashEntry("uploadedBy", a.UploadedBy),
            new HashEntry("content", cipher.Encrypt(a.Content, RedisAttachmentStore.ContentContext)),
        ]);
        if (!await tx.ExecuteAsync()) throw new InvalidOperationException("The file could not be stored.");
    }

    public async Task<StoredAttachment?> GetAsync(string ticket, string attachmentId)
    {
        if (!Ticket.IsValid(ticket)) return null;
        var entries = await redis.GetDatabase().HashGetAllAsync(KeyOf(ticket, attachmentId));
        if (entries.Length == 0) return null;
        var f = entries.ToDictionary(e => (string)e.Name!, e => e.Value);
        return new StoredAttachment(attachmentId, ticket, cipher.Decrypt((string)f["name"]!, RedisAttachmentStore.NameContext),
            (string)f["contentType"]!, Instant.FromUnixTimeMilliseconds((long)f["uploadedAt"]), (string)f["uploadedBy"]!,
            cipher.Decrypt((byte[])f["content"]!, RedisAttachmentStore.ContentContext));
    }

    public Task DeleteAsync(string ticket, string attachmentId) =>
        Ticket.IsValid(ticket) ? redis.GetDatabase().KeyDeleteAsync(KeyOf(ticket, attachmentId)) : Task.CompletedTask;

    private static string KeyOf(string ticket, string attachmentId) => RedisKeys.Requests.File(Ticket.SequenceOf(ticket), attachmentId);
}
