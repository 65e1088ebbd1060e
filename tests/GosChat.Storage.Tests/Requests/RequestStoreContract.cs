using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Requests;

/// <summary>What every request store must do; run against the in-memory store and against Redis.</summary>
public abstract class RequestStoreContract
{
    protected static readonly Instant Opened = Instant.FromUtc(2026, 11, 27, 16, 0);
    private StoreFactory _factory = null!;
    protected IRequestStore Store = null!;

    protected abstract StoreFactory CreateFactory();
    protected abstract IRequestStore CreateStore(StoreFactory factory);

    [OneTimeSetUp] public void StartStores() => _factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => _factory.Dispose();

    [SetUp]
    public void Clean()
    {
        _factory.Reset();
        Store = CreateStore(_factory);
    }

    protected StoreFactory Factory => _factory;

    protected static ServiceRequest Request(string ticket = "212345678") => new()
    {
        Ticket = ticket,
        Kind = (RequestKind)(ticket[0] - '0'),
        Queue = "102",
        History = [new StatusChange(RequestStatus.Received, "op-1", Opened)],
        SessionIds = ["s-1"],
        DeadlineClass = DeadlineClass.Complaint.Name,
        OpenedAt = Opened,
        DueAt = Opened + Duration.FromDays(7),
        AssigneeId = "op-1",
        AccessCodeHash = AccessCode.Hash("ABCDEFGHJKLMNPQR"),
        Phone = "+7 926 111-22-33",
        Email = "citizen@example.org",
    };

    [Test]
    public async Task Save_StoresNewRequest_WithVersionOne_AndEveryField()
    {
        var request = Request()
            .WithNote("op-1", "Проверить платёж 4417", Opened)
            .WithAnswer("op-1", "Платёж найден", Opened + Duration.FromHours(1))
            .Moved(RequestStatus.InProgress, "op-1", Opened + Duration.FromHours(2))
            .Linked("s-2");

        Assert.That(await Store.SaveAsync(request), Is.True);

        var stored = await Store.GetAsync("212345678");
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Version, Is.EqualTo(1));
            Assert.That(stored.Kind, Is.EqualTo(RequestKind.Complaint));
            Assert.That(stored.Status, Is.EqualTo(RequestStatus.InProgress));
            Assert.That(stored.History.Select(h => (h.Status, h.By, h.At)), Is.EqualTo(new[]
            {
                (RequestStatus.Received, "op-1", Opened), (RequestStatus.InProgress, "op-1", Opened + Duration.FromHours(2)),
            }));
            Assert.That(stored.SessionIds, Is.EqualTo(new[] { "s-1", "s-2" }));
            Assert.That(stored.Notes.Single().Text, Is.EqualTo("Проверить платёж 4417"));
            Assert.That(stored.Answers.Single(), Is.EqualTo(new RequestEntry(Opened + Duration.FromHours(1), "op-1", "Платёж найден")));
            Assert.That(stored.DueAt, Is.EqualTo(Opened + Duration.FromDays(7)));
            Assert.That(stored.DeadlineClass, Is.EqualTo("complaint"));
            Assert.That(stored.Phone, Is.EqualTo("+7 926 111-22-33"));
            Assert.That(stored.Email, Is.EqualTo("citizen@example.org"));
            Assert.That(AccessCode.Matches("ABCDEFGHJKLMNPQR", stored.AccessCodeHash), Is.True);
        });
    }

    [Test]
    public async Task CitizenReply_IsStored_WithTheStatusItMoved()
    {
        var waiting = Request().Moved(RequestStatus.WaitingForCitizen, "op-1", Opened + Duration.FromHours(1));
        await Store.SaveAsync(waiting.WithCitizenReply("Квитанция 4417 во вложении", Opened + Duration.FromHours(3)));

        var stored = (await Store.GetAsync("212345678"))!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.Replies.Single(), Is.EqualTo(new RequestEntry(Opened + Duration.FromHours(3), "citizen", "Квитанция 4417 во вложении")));
            Assert.That(stored.Status, Is.EqualTo(RequestStatus.InProgress));
            Assert.That(stored.History[^1], Is.EqualTo(new StatusChange(RequestStatus.InProgress, "citizen", Opened + Duration.FromHours(3))));
        });
    }

    [Test]
    public async Task Attachments_AreListedOnTheCard_AndAFinalCardTakesNoMore()
    {
        var file = new RequestAttachment("212345678.aa01", "квитанция.pdf", 1234, "application/pdf", "citizen", Opened + Duration.FromHours(1));
        await Store.SaveAsync(Request().WithAttachment(file));

        var stored = (await Store.GetAsync("212345678"))!;
        Assert.That(stored.Attachments.Single(), Is.EqualTo(file));

        var resolved = stored.Moved(RequestStatus.Resolved, "op-1", Opened + Duration.FromHours(2));
        var refusal = Assert.Throws<GosChat.Domain.DomainException>(() => resolved.WithAttachment(file with { Id = "212345678.bb02" }));
        Assert.That(refusal!.Code, Is.EqualTo("request_closed"));
    }

    [Test]
    public async Task List_HoldsEveryStoredRequest_AsLastSaved()
    {
        Assert.That(await Store.ListAsync(), Is.Empty);
        await Store.SaveAsync(Request("212345678"));
        await Store.SaveAsync(Request("112345679"));
        var first = (await Store.GetAsync("212345678"))!;
        await Store.SaveAsync(first.Moved(RequestStatus.InProgress, "op-1", Opened));

        var listed = await Store.ListAsync();

        Assert.That(listed.Select(r => (r.Ticket, r.Status, r.Version)),
            Is.EquivalentTo(new[] { ("212345678", RequestStatus.InProgress, 2L), ("112345679", RequestStatus.Received, 1L) }));
    }

    [Test]
    public async Task Save_RefusesStaleVersion_AndASecondNewRequest()
    {
        Assert.That(await Store.SaveAsync(Request()), Is.True);
        var stored = (await Store.GetAsync("212345678"))!;
        Assert.That(await Store.SaveAsync(stored.WithNote("op-1", "A", Opened)), Is.True);

        Assert.That(await Store.SaveAsync(stored.WithNote("op-2", "B", Opened)), Is.False, "read at version 1, stored is 2");
        Assert.That(await Store.SaveAsync(Request()), Is.False, "a new request where one exists");
        var now = (await Store.GetAsync("212345678"))!;
        Assert.That(now.Version, Is.EqualTo(2));
        Assert.That(now.Notes.Select(n => n.Text), Is.EqualTo(new[] { "A" }));
    }

    [Test]
    public async Task OneRequestPerSequence_WhateverItsKindDigit_AndReadsAnswerOnlyTheExactTicket()
    {
        Assert.That(await Store.SaveAsync(Request("212345678")), Is.True);

        Assert.That(await Store.SaveAsync(Request("312345678")), Is.False);
        Assert.That(await Store.GetAsync("312345678"), Is.Null);
        Assert.That(await Store.GetAsync("112345678"), Is.Null);
        Assert.That(await Store.GetAsync("212345679"), Is.Null);
        Assert.That(await Store.GetAsync("not-a-ticket"), Is.Null);
        Assert.That(await Store.SaveAsync(Request("312345679")), Is.True);
    }

    [Test]
    public async Task Delete_RemovesTheCardAndItsIndexEntry_OnlyForTheExactTicket()
    {
        await Store.SaveAsync(Request("212345678").WithNote("op-1", "note", Opened));
        await Store.SaveAsync(Request("112345679"));

        Assert.That(await Store.DeleteAsync("312345678"), Is.False, "another kind digit deletes nothing");
        Assert.That(await Store.DeleteAsync("not-a-ticket"), Is.False);
        Assert.That(await Store.GetAsync("212345678"), Is.Not.Null);

        Assert.That(await Store.DeleteAsync("212345678"), Is.True);
        Assert.That(await Store.DeleteAsync("212345678"), Is.False, "gone already");
        Assert.That(await Store.GetAsync("212345678"), Is.Null);
        Assert.That((await Store.ListAsync()).Select(r => r.Ticket), Is.EqualTo(new[] { "112345679" }));
        Assert.That(await Store.SaveAsync(Request("212345678")), Is.True, "the sequence is free again, as new (version 0)");
    }

    [Test]
    public async Task Notices_AreStoredOnTheCard_WithTheCodeUntilDone()
    {
        var (card, seq) = Request().WithNotice(RequestNotices.OpenedPurpose, Opened, code: "ABCDEFGHJKLMNPQR");
        await Store.SaveAsync(card);
        var stored = (await Store.GetAsync("212345678"))!;
        Assert.That((stored.Notices.Single().Seq, stored.Notices.Single().Code, stored.Notices.Single().Done), Is.EqualTo((seq!.Value, "ABCDEFGHJKLMNPQR", false)));

        await Store.SaveAsync(stored.WithNoticeDelivered(seq.Value, "sms").WithNoticeDone(seq.Value));
        var done = (await Store.GetAsync("212345678"))!.Notices.Single();
        Assert.That((done.Code, done.Done), Is.EqualTo(((string?)null, true)), "the code is dropped once delivered");
        Assert.That(done.Delivered, Is.EqualTo(new[] { "sms" }));
    }

    [Test]
    public async Task ParallelChanges_EachSavedOnce_NoneLost()
    {
        await Store.SaveAsync(Request());
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            while (true)
            {
                var current = (await Store.GetAsync("212345678"))!;
                if (await Store.SaveAsync(current.WithNote("op-" + i, "note " + i, Opened))) return;
            }
        }));
        await Task.WhenAll(writers);

        var final = (await Store.GetAsync("212345678"))!;
        Assert.That(final.Version, Is.EqualTo(9));
        Assert.That(final.Notes.Select(n => n.Text), Is.EquivalentTo(Enumerable.Range(0, 8).Select(i => "note " + i)));
    }
}

public sealed class InMemoryRequestStoreTests : RequestStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
    protected override IRequestStore CreateStore(StoreFactory factory) => new InMemoryRequestStore();
}

public sealed class RedisRequestStoreTests : RequestStoreContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
    protected override IRequestStore CreateStore(StoreFactory factory) =>
        new RedisRequestStore(((RedisStoreFactory)factory).Multiplexer, new RedisStoreOptions(), TestCipher.Default);

    private IDatabase Db => ((RedisStoreFactory)Factory).Multiplexer.GetDatabase();

    [Test]
    public async Task CitizenReply_IsEncryptedAtRest()
    {
        await Store.SaveAsync(Request().Moved(RequestStatus.WaitingForCitizen, "op-1", Opened).WithCitizenReply("Квитанция 4417", Opened));

        var raw = (string?)await Db.StringGetAsync("goschat:v1:{requests}:card:12345678");
        Assert.That(raw, Does.Not.Contain("Квитанция").And.Contain("\"replies\""));
    }

    [Test]
    public async Task PendingNoticeCode_IsEncryptedAtRest()
    {
        await Store.SaveAsync(Request().WithNotice(RequestNotices.OpenedPurpose, Opened, code: "ABCDEFGHJKLMNPQR").Request);

        var raw = (string?)await Db.StringGetAsync("goschat:v1:{requests}:card:12345678");
        Assert.That(raw, Does.Not.Contain("ABCDEFGHJKLMNPQR").And.Contain("\"notices\""));
    }

    [Test]
    public async Task Record_IsUnderTheRequestsHashTag_WithTextsAndContactsEncrypted()
    {
        await Store.SaveAsync(Request().WithNote("op-1", "Проверить платёж 4417", Opened).WithAnswer("op-1", "Платёж найден", Opened));

        var raw = (string?)await Db.StringGetAsync("goschat:v1:{requests}:card:12345678");
        Assert.That(raw, Is.Not.Null);
        var json = System.Text.Json.JsonDocument.Parse(raw![(raw.IndexOf('\n') + 1)..]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("phone").GetString(), Does.StartWith("enc:v1:"));
            Assert.That(json.GetProperty("email").GetString(), Does.StartWith("enc:v1:"));
            Assert.That(json.GetProperty("notes")[0].GetProperty("text").GetString(), Does.StartWith("enc:v1:"));
            Assert.That(json.GetProperty("answers")[0].GetProperty("text").GetString(), Does.StartWith("enc:v1:"));
            Assert.That(raw, Does.Not.Contain("citizen@example.org").And.Not.Contain("+7 926 111-22-33"));
        });
        Assert.That(raw, Does.Contain("212345678"), "ids stay readable");
    }

    [Test]
    public async Task FinalRequest_Expires_AfterTheRetention_OpenOneDoesNot()
    {
        await Store.SaveAsync(Request());
        Assert.That(await Db.KeyTimeToLiveAsync("goschat:v1:{requests}:card:12345678"), Is.Null);

        var stored = (await Store.GetAsync("212345678"))!;
        await Store.SaveAsync(stored.Moved(RequestStatus.Resolved, "op-1", Opened));

        var ttl = await Db.KeyTimeToLiveAsync("goschat:v1:{requests}:card:12345678");
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(29)).And.LessThanOrEqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task Save_WritesTheCardAndItsIndexEntry_InOneSlot_MovingTheTicketBetweenStatusSets()
    {
        await Store.SaveAsync(Request());
        Assert.That(await Db.SortedSetScoreAsync("goschat:v1:{requests}:due:received:102", "212345678"),
            Is.EqualTo((Opened + Duration.FromDays(7)).ToUnixTimeMilliseconds()));

        await Store.SaveAsync((await Store.GetAsync("212345678"))!.Moved(RequestStatus.Resolved, "op-1", Opened));

        Assert.That(await Db.SortedSetLengthAsync("goschat:v1:{requests}:due:received:102"), Is.Zero);
        Assert.That(await Db.SortedSetScoreAsync("goschat:v1:{requests}:due:resolved:102", "212345678"), Is.Not.Null);
        Assert.That(await Db.SortedSetScoreAsync("goschat:v1:{requests}:expiry", "212345678"),
            Is.EqualTo((Opened + Duration.FromDays(30)).ToUnixTimeMilliseconds()), "goes 30 days after its last change");
    }

    [Test]
    public async Task AFinalRequestPastItsRetention_LeavesTheListAndItsCounts()
    {
        await Store.SaveAsync(Request("212345678").Moved(RequestStatus.InProgress, "op-1", Opened).Moved(RequestStatus.Resolved, "op-1", Opened));
        await Store.SaveAsync(Request("312345679"));

        var before = await Store.QueryAsync(new RequestQuery(null, null, false, Opened + Duration.FromDays(30) - Duration.FromSeconds(1), 100));
        var after = await Store.QueryAsync(new RequestQuery(null, null, false, Opened + Duration.FromDays(30), 100));

        Assert.That((before.Matching, before.Counts[RequestStatus.Resolved]), Is.EqualTo((2, 1)));
        Assert.That((after.Matching, after.Counts[RequestStatus.Resolved]), Is.EqualTo((1, 0)));
        Assert.That(after.Items.Select(r => r.Ticket), Is.EqualTo(new[] { "312345679" }));
        Assert.That(await Db.KeyExistsAsync("goschat:v1:{requests}:card:12345678"), Is.False);
    }

    [Test]
    public async Task CardsOfTheEarlierLayout_AreMovedIntoTheIndexedOne()
    {
        var legacy = Request("212345678") with { Version = 3 };
        await Db.StringSetAsync("goschat:v1:{req:12345678}:request", 
            "3\n" + System.Text.Json.JsonSerializer.Serialize(legacy, GosChat.Domain.Privacy.PersonalDataJson.OptionsFor(TestCipher.Default)));
        await Db.SetAddAsync("goschat:v1:{reqindex}:sequences", "12345678");
        var store = CreateStore(Factory);

        var page = await store.QueryAsync(new RequestQuery(RequestStatus.Received, "102", false, Opened, 100));

        Assert.That(page.Items.Select(r => (r.Ticket, r.Version)), Is.EqualTo(new[] { ("212345678", 3L) }));
        Assert.That(await Db.KeyExistsAsync("goschat:v1:{req:12345678}:request"), Is.False);
        Assert.That(await Db.KeyExistsAsync("goschat:v1:{reqindex}:sequences"), Is.False);
        Assert.That(await store.SaveAsync(page.Items[0].WithNote("op-1", "n", Opened)), Is.True, "saved on at its version");
    }
}
