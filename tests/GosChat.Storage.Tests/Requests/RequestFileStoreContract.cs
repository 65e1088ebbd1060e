using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Requests;

/// <summary>What every store of request files must do; run against the embedded store (files on disk) and a real Redis.</summary>
public abstract class RequestFileStoreContract
{
    protected static readonly Instant At = Instant.FromUtc(2026, 11, 27, 16, 30);
    protected IRequestFileStore Files = null!;

    protected abstract IRequestFileStore CreateStore();

    [SetUp] public void Create() => Files = CreateStore();

    protected static StoredAttachment File(string ticket, string id, byte[] content, string name = "квитанция.pdf", string by = "citizen") =>
        new(id, ticket, name, "application/pdf", At, by, content);

    [Test]
    public async Task Save_ThenGet_ReturnsTheSameBytesAndMeta()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 13)).ToArray();
        await Files.SaveAsync("212345678", File("212345678", "212345678.aa01", bytes));

        var got = await Files.GetAsync("212345678", "212345678.aa01");

        Assert.That(got, Is.Not.Null);
        Assert.That(got!.Content, Is.EqualTo(bytes));
        Assert.That((got.AttachmentId, got.SessionId, got.Name, got.ContentType, got.UploadedAt, got.UploadedBy),
            Is.EqualTo(("212345678.aa01", "212345678", "квитанция.pdf", "application/pdf", At, "citizen")));
    }

    [Test]
    public async Task Get_UnknownId_OtherRequest_OrNotATicket_IsNull()
    {
        await Files.SaveAsync("212345678", File("212345678", "212345678.aa01", [1, 2, 3]));

        Assert.That(await Files.GetAsync("212345678", "212345678.bb02"), Is.Null);
        Assert.That(await Files.GetAsync("212345679", "212345678.aa01"), Is.Null);
        Assert.That(await Files.GetAsync("../../etc", "212345678.aa01"), Is.Null);
    }

    [Test]
    public async Task Delete_RemovesOnlyThatFile()
    {
        await Files.SaveAsync("212345678", File("212345678", "212345678.aa01", [1]));
        await Files.SaveAsync("212345678", File("212345678", "212345678.bb02", [2], by: "op-1"));

        await Files.DeleteAsync("212345678", "212345678.aa01");
        await Files.DeleteAsync("212345678", "212345678.cc03");

        Assert.That(await Files.GetAsync("212345678", "212345678.aa01"), Is.Null);
        Assert.That((await Files.GetAsync("212345678", "212345678.bb02"))!.UploadedBy, Is.EqualTo("op-1"));
    }
}

public sealed class FileRequestFileStoreTests : RequestFileStoreContract
{
    private string _folder = null!;

    [OneTimeSetUp] public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("goschat-reqfiles-").FullName;
    [OneTimeTearDown] public void DropFolder() => Directory.Delete(_folder, recursive: true);

    protected override IRequestFileStore CreateStore() => new FileRequestFileStore(Path.Combine(_folder, Guid.NewGuid().ToString("N")), TestCipher.Default);

    [Test]
    public async Task FilesGoWithTheCards_AtARestart_AndAreEncryptedOnDisk()
    {
        var folder = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        var store = new FileRequestFileStore(folder, TestCipher.Default);
        await store.SaveAsync("212345678", File("212345678", "212345678.aa01", "%PDF-квитанция 4417"u8.ToArray()));

        var onDisk = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(System.IO.File.ReadAllText).ToList();
        Assert.That(onDisk, Has.Count.EqualTo(2));
        Assert.That(string.Concat(onDisk), Does.Not.Contain("квитанция"));

        // The embedded node's cards live in its memory: a restart loses them, and the files with them.
        var restarted = new FileRequestFileStore(folder, TestCipher.Default);
        Assert.That(await restarted.GetAsync("212345678", "212345678.aa01"), Is.Null);
    }
}

public sealed class RedisRequestFileStoreTests : RequestFileStoreContract
{
    private RedisStoreFactory _factory = null!;

    [OneTimeSetUp] public void Start() => _factory = new RedisStoreFactory();
    [OneTimeTearDown] public void Stop() => _factory.Dispose();
    [SetUp] public void Flush() => _factory.Reset();

    private IDatabase Db => _factory.Multiplexer.GetDatabase();

    protected override IRequestFileStore CreateStore() => new RedisRequestFileStore(_factory.Multiplexer, TestCipher.Default);

    [Test]
    public async Task File_IsInTheRequestsSlot_Encrypted_AndExpiresWithTheCard()
    {
        var cards = new RedisRequestStore(_factory.Multiplexer, new RedisStoreOptions(), TestCipher.Default);
        var request = new ServiceRequest
        {
            Ticket = "212345678", Queue = "102", DeadlineClass = DeadlineClass.Standard.Name, AssigneeId = "op-1",
            AccessCodeHash = AccessCode.Hash("ABCDEFGHJKLMNPQR"), OpenedAt = At, DueAt = At + Duration.FromDays(1),
            History = [new StatusChange(RequestStatus.Received, "op-1", At)],
        };
        await cards.SaveAsync(request);
        await Files.SaveAsync("212345678", File("212345678", "212345678.aa01", "%PDF-квитанция"u8.ToArray()));
        var listed = (await cards.GetAsync("212345678"))!.WithAttachment(new RequestAttachment("212345678.aa01", "квитанция.pdf", 20, "application/pdf", "citizen", At));
        await cards.SaveAsync(listed);

        const string key = "goschat:v1:{requests}:file:12345678:212345678.aa01";
        var raw = await Db.HashGetAllAsync(key);
        Assert.That(raw, Is.Not.Empty);
        Assert.That(string.Concat(raw.Select(e => System.Text.Encoding.UTF8.GetString((byte[])e.Value!))), Does.Not.Contain("квитанция"));
        Assert.That(await Db.KeyTimeToLiveAsync(key), Is.Null, "kept while the card is open");
        var card = (string?)await Db.StringGetAsync("goschat:v1:{requests}:card:12345678");
        Assert.That(card, Does.Contain("212345678.aa01").And.Not.Contain("квитанция"), "the card lists the file, its name encrypted");

        await cards.SaveAsync((await cards.GetAsync("212345678"))!.Moved(RequestStatus.Resolved, "op-1", At));

        var ttl = await Db.KeyTimeToLiveAsync(key);
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(29)).And.LessThanOrEqualTo(TimeSpan.FromDays(30)));
        Assert.That(await Db.KeyTimeToLiveAsync("goschat:v1:{requests}:card:12345678"), Is.EqualTo(ttl).Within(TimeSpan.FromSeconds(5)));
    }
}
