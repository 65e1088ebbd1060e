using GosChat.Domain.Ports;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Each attachment is one hash under its session's hash tag (<see cref="RedisKeys.Attachment"/>): the bytes and
/// a few meta fields, written in one HSET so a reader never sees half of it.
/// </summary>
public sealed class RedisAttachmentStore(IConnectionMultiplexer redis, TimeSpan? retention = null) : IAttachmentStore
{
    private readonly TimeSpan _retention = retention ?? TimeSpan.FromDays(30);

    public async Task SaveAsync(StoredAttachment a)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.Attachment(a.SessionId, a.AttachmentId);
        var tx = db.CreateTransaction();
        _ = tx.KeyDeleteAsync(key);
        _ = tx.HashSetAsync(key,
        [
            new HashEntry("name", a.Name),
            new HashEntry("contentType", a.ContentType),
            new HashEntry("uploadedAt", a.UploadedAt.ToUnixTimeMilliseconds()),
            new HashEntry("uploadedBy", a.UploadedBy),
            new HashEntry("content", a.Content),
        ]);
        _ = tx.KeyExpireAsync(key, _retention);
        if (!await tx.ExecuteAsync()) throw new InvalidOperationException("The attachment could not be stored.");
    }

    public async Task<StoredAttachment?> GetAsync(string sessionId, string attachmentId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisKeys.Attachment(sessionId, attachmentId));
        if (entries.Length == 0) return null;
        var f = entries.ToDictionary(e => (string)e.Name!, e => e.Value);
        return new StoredAttachment(attachmentId, sessionId, (string)f["name"]!, (string)f["contentType"]!,
            Instant.FromUnixTimeMilliseconds((long)f["uploadedAt"]), (string)f["uploadedBy"]!, (byte[])f["content"]!);
    }
}
