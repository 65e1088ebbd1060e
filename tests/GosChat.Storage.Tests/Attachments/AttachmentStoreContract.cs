using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Attachments;

/// <summary>What every attachment store must do; run against the in-memory store and a real Redis.</summary>
public abstract class AttachmentStoreContract
{
    protected abstract IAttachmentStore Store { get; }

    protected static readonly Instant At = Instant.FromUtc(2026, 11, 23, 7, 30);

    private static StoredAttachment File(string session, string id, byte[] content, string name = "скан паспорта.pdf") =>
        new(id, session, name, "application/pdf", At, "citizen", content);

    [Test]
    public async Task Save_ThenGet_ReturnsTheSameBytesAndMeta()
    {
        var session = Guid.NewGuid().ToString("N");
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await Store.SaveAsync(File(session, session + ".a1", bytes));

        var got = await Store.GetAsync(session, session + ".a1");

        Assert.That(got, Is.Not.Null);
        Assert.That(got!.Content, Is.EqualTo(bytes));
        Assert.That(got.Size, Is.EqualTo(300_000));
        Assert.That((got.Name, got.ContentType, got.UploadedAt, got.UploadedBy, got.SessionId),
            Is.EqualTo(("скан паспорта.pdf", "application/pdf", At, "citizen", session)));
    }

    [Test]
    public async Task Get_UnknownId_OrOtherSession_IsNull()
    {
        var session = Guid.NewGuid().ToString("N");
        await Store.SaveAsync(File(session, session + ".a1", [1, 2, 3]));

        Assert.That(await Store.GetAsync(session, session + ".nope"), Is.Null);
        Assert.That(await Store.GetAsync(Guid.NewGuid().ToString("N"), session + ".a1"), Is.Null);
    }

    [Test]
    public async Task Save_SameIdAgain_Replaces()
    {
        var session = Guid.NewGuid().ToString("N");
        await Store.SaveAsync(File(session, session + ".a1", [1, 2, 3]));
        await Store.SaveAsync(File(session, session + ".a1", [9], "other.pdf"));

        var got = await Store.GetAsync(session, session + ".a1");

        Assert.That(got!.Content, Is.EqualTo(new byte[] { 9 }));
        Assert.That(got.Name, Is.EqualTo("other.pdf"));
    }
}

[TestFixture]
public sealed class FileAttachmentStoreTests : AttachmentStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("goschat-attachments-").FullName;
    private FileAttachmentStore _store = null!;
    protected override IAttachmentStore Store => _store;

    [SetUp] public void Create() => _store = new FileAttachmentStore(_folder, TestCipher.Default);
    [OneTimeTearDown] public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Files_AreOnDisk_NotInTheProcess_AndSurviveANewStoreOnTheSameFolder()
    {
        var file = new StoredAttachment("s9.abc", "s9", "скан.pdf", "application/pdf", NodaTime.Instant.FromUtc(2031, 1, 6, 9, 0), "citizen", [1, 2, 3]);
        await _store.SaveAsync(file);

        Assert.That(Directory.GetFiles(Path.Combine(_folder, "s9")), Has.Length.EqualTo(2));
        var again = await new FileAttachmentStore(_folder, TestCipher.Default).GetAsync("s9", "s9.abc");
        Assert.That(again!.Content, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(again.Name, Is.EqualTo("скан.pdf"));
    }

    [Test]
    public async Task NameAndBytes_AreEncryptedOnDisk()
    {
        var secret = "PASSPORT-4510-123456"u8.ToArray();
        await _store.SaveAsync(new StoredAttachment("s8.abc", "s8", "паспорт Иванова.pdf", "application/pdf", At, "citizen", secret));

        foreach (var path in Directory.GetFiles(Path.Combine(_folder, "s8")))
        {
            var raw = await System.IO.File.ReadAllBytesAsync(path);
            Assert.That(raw.AsSpan().IndexOf(secret), Is.EqualTo(-1), path);
            Assert.That(System.Text.Encoding.UTF8.GetString(raw), Does.Not.Contain("Иванова"), path);
        }
        Assert.That((await _store.GetAsync("s8", "s8.abc"))!.Content, Is.EqualTo(secret));
    }

    [TestCase("../etc", "x")]
    [TestCase("s1", "../../passwd")]
    [TestCase("s1", ".hidden")]
    public void IdsThatCouldLeaveTheFolder_AreRefused(string session, string attachment) =>
        Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(session, attachment));
}

[TestFixture]
public sealed class RedisAttachmentStoreTests : AttachmentStoreContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;
    protected override IAttachmentStore Store => new RedisAttachmentStore(Redis, TestCipher.Default);

    [OneTimeSetUp]
    public void Start() => _stores = new RedisStoreFactory();

    [OneTimeTearDown]
    public void Stop() => _stores?.Dispose();

    [Test]
    public async Task Bytes_LiveUnderTheSessionsHashTag_AndExpire()
    {
        var session = Guid.NewGuid().ToString("N");
        await Store.SaveAsync(new StoredAttachment(session + ".x", session, "a.png", "image/png", At, "operator", [1]));

        var key = RedisKeys.Attachment(session, session + ".x");
        Assert.That(key, Does.StartWith("goschat:v1:{s:" + session + "}:"));
        Assert.That(await Redis.GetDatabase().KeyExistsAsync(key), Is.True);
        Assert.That(await Redis.GetDatabase().KeyTimeToLiveAsync(key), Is.Not.Null);
    }

    [Test]
    public async Task NameAndBytes_AreEncryptedInRedis()
    {
        var session = Guid.NewGuid().ToString("N");
        var secret = "PASSPORT-4510-123456"u8.ToArray();
        await Store.SaveAsync(new StoredAttachment(session + ".x", session, "паспорт Иванова.pdf", "application/pdf", At, "citizen", secret));

        var fields = await Redis.GetDatabase().HashGetAllAsync(RedisKeys.Attachment(session, session + ".x"));
        foreach (var f in fields)
        {
            var raw = (byte[])f.Value!;
            Assert.That(raw.AsSpan().IndexOf(secret), Is.EqualTo(-1), f.Name.ToString());
            Assert.That(System.Text.Encoding.UTF8.GetString(raw), Does.Not.Contain("Иванова"), f.Name.ToString());
        }
        Assert.That((await Store.GetAsync(session, session + ".x"))!.Content, Is.EqualTo(secret));
    }
}
