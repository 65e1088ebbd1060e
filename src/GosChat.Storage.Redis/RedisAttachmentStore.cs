using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Each attachment is one hash under its session's hash tag (<see cref="RedisKeys.Attachment"/>): the bytes and
/// a few meta fields, written in one HSET so a reader never sees half of it. The name and the bytes are encrypted
/// (<see cref="IPersonalDataCipher"/>).
/// </summary>
public sealed class RedisAttachmentStore(IConnectionMultiplexer redis, IPersonalDataCipher cipher, TimeSpan? retention = null) : IAttachmentStore
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
            new HashEntry("name", cipher.Encrypt(a.Name, NameContext)),
            new HashEntry("contentType", a.ContentType),
            new HashEntry("uploadedAt", a.UploadedAt.ToUnixTimeMilliseconds()),
            new HashEntry("uploadedBy", a.UploadedBy),
            new HashEntry("content", cipher.Encrypt(a.Content, ContentContext)),
        ]);
        _ = tx.KeyExpireAsync(key, _retention);
        if (!await tx.ExecuteAsync()) throw new InvalidOperationException("The attachment could not be stored.");
    }

    public async Task<StoredAttachment?> GetAsync(string sessionId, string attachmentId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisKeys.Attachment(sessionId, attachmentId));
        if (entries.Length == 0) return null;
        var f = entries.ToDictionary(e => (string)e.Name!, e => e.Value);
        return new StoredAttachment(attachmentId, sessionId, cipher.Decrypt((string)f["name"]!, NameContext), (string)f["contentType"]!,
            Instant.FromUnixTimeMilliseconds((long)f["uploadedAt"]), (string)f["uploadedBy"]!, cipher.Decrypt((byte[])f["content"]!, ContentContext));
    }

    internal const string NameContext = "StoredAttachment.name";
    internal const string ContentContext = "StoredAttachment.content";
}
