using GosChat.Domain.Calls;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using NodaTime.Testing;

namespace GosChat.Storage.Tests.Privacy;

/// <summary>The stores a citizen's data lives in, of one adapter kind, fresh for each test.</summary>
public abstract class PersonalDataStores : IDisposable
{
    public IRoutingStore Routing { get; protected set; } = null!;
    public IMessageStore Messages { get; protected set; } = null!;
    public IAttachmentStore Attachments { get; protected set; } = null!;
    public ICitizenHistory History { get; protected set; } = null!;
    public ICallbackStore Callbacks { get; protected set; } = null!;
    public IPersonalDataStore PersonalData { get; protected set; } = null!;
    public IRequestStore Requests { get; protected set; } = null!;
    public abstract void Reset();
    public virtual void Dispose() { }
}

/// <summary>
/// Finding by ticket, erasure and retention, against every adapter: what <see cref="PersonalDataService"/> erases is
/// gone from every store, what is not yet past its retention (or still open) stays. A fake clock drives retention.
/// </summary>
public abstract class PersonalDataStoreContract
{
    protected static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    protected static readonly Duration Retention = Duration.FromDays(30);
    private const string Phone = "+7 (903) 777-41-29";
    private PersonalDataStores _stores = null!;
    private FakeClock _clock = null!;
    private PersonalDataService _service = null!;
    private readonly RecordingJobs _jobs = new();

    protected abstract PersonalDataStores Create();
    protected PersonalDataStores Stores => _stores;
    protected PersonalDataService Service => _service;

    /// <summary>The history keys of the test run; the typed phone's key is the index export and erasure find a number by.</summary>
    private static readonly GosChat.Domain.Citizens.CitizenKeys Keys = GosChat.Domain.Citizens.CitizenKeys.Random();

    private static string PhoneKey => Keys.KeyOf(GosChat.Domain.Citizens.CitizenIdentity.TypedPhone(Phone)!);

    [OneTimeSetUp] public void StartStores() => _stores = Create();
    [OneTimeTearDown] public void StopStores() => _stores.Dispose();

    [SetUp]
    public void Fresh()
    {
        _stores.Reset();
        _clock = new FakeClock(T0);
        _jobs.Ids.Clear();
        _service = new PersonalDataService(_stores.Routing, _stores.Messages, _stores.History, _stores.Callbacks, _stores.PersonalData, _clock, Keys,
            new RequestPersonalData(_stores.Requests, _jobs));
    }

    /// <summary>A session with a phone, two messages (one with a file) and a history entry, as the engine leaves it; closed at <paramref name="closedAt"/> or open.</summary>
    private async Task<Session> SessionAsync(string id, string ticket, Instant? closedAt)
    {
        var session = new Session
        {
            Id = id, Ticket = ticket, Queue = "101", State = SessionState.Queued, CreatedAt = T0, QueuedAt = T0, OrderAt = T0,
            CitizenName = "Пётр", Phone = Phone,
        };
        Assert.That(await _stores.Routing.CommitAsync(new RoutingChange().Put(session)), Is.True);
        await _stores.PersonalData.IndexAsync(session);
        await _stores.History.RecordAsync(PhoneKey, id, T0);
        await _stores.Messages.AppendAsync(new ChatMessage { MessageId = id + "-m1", SessionId = id, From = Senders.Citizen, Text = "паспорт 4510 123456", SentAt = T0 });
        var attachmentId = id + ".a1";
        await _stores.Attachments.SaveAsync(new StoredAttachment(attachmentId, id, "скан.pdf", "application/pdf", T0, "citizen", [1, 2, 3]));
        await _stores.Messages.AppendAsync(new ChatMessage
        {
            MessageId = id + "-m2", SessionId = id, From = Senders.Citizen, Text = "скан.pdf", SentAt = T0,
            Attachment = new Attachment(attachmentId, "скан.pdf", 3, "application/pdf", "/x"),
        });
        if (closedAt is not { } at) return session with { Version = 1 };
        var closed = (session with { Version = 1 }).Closed("closedByOperator", null, at);
        Assert.That(await _stores.Routing.CommitAsync(new RoutingChange().Put(closed)), Is.True);
        await _stores.PersonalData.IndexAsync(closed);
        return closed;
    }

    private async Task AssertGoneAsync(string id)
    {
        Assert.That(await _stores.Routing.GetSessionAsync(id), Is.Null, "session record");
        Assert.That(await _stores.Messages.GetAsync(id), Is.Empty, "messages");
        Assert.That(await _stores.Attachments.GetAsync(id, id + ".a1"), Is.Null, "attachment");
        Assert.That(await _stores.History.ListAsync(PhoneKey, 50), Does.Not.Contain(id), "history");
    }

    private async Task AssertKeptAsync(string id)
    {
        Assert.That(await _stores.Routing.GetSessionAsync(id), Is.Not.Null, "session record");
        Assert.That(await _stores.Messages.GetAsync(id), Has.Count.EqualTo(2), "messages");
        Assert.That(await _stores.Attachments.GetAsync(id, id + ".a1"), Is.Not.Null, "attachment");
        Assert.That(await _stores.History.ListAsync(PhoneKey, 50), Does.Contain(id), "history");
    }

    [Test]
    public async Task Sessions_AreFoundByTicket_UntilErased()
    {
        await SessionAsync("s1", "312345678", T0);
        Assert.That(await _stores.PersonalData.FindSessionByTicketAsync("312345678"), Is.EqualTo("s1"));
        Assert.That(await _stores.PersonalData.FindSessionByTicketAsync("312345679"), Is.Null);

        var erased = await _service.EraseAsync(PersonalDataQuery.Parse("312345678", null));

        Assert.That(erased, Is.EqualTo(new ErasureResult(1, 2, 1, 0, 1)));
        Assert.That(await _stores.PersonalData.FindSessionByTicketAsync("312345678"), Is.Null);
        await AssertGoneAsync("s1");
    }

    [Test]
    public async Task Retention_ErasesClosedSessionsOnlyOncePastIt_OpenOnesStay()
    {
        await SessionAsync("old", "300000001", T0);
        await SessionAsync("newer", "300000002", T0 + Duration.FromDays(10));
        await SessionAsync("open", "300000003", null);

        _clock.Reset(T0 + Retention - Duration.FromSeconds(1));
        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 100), Is.Zero);
        await AssertKeptAsync("old");

        _clock.Reset(T0 + Retention);
        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 100), Is.EqualTo(1));
        await AssertGoneAsync("old");
        await AssertKeptAsync("newer");
        await AssertKeptAsync("open");

        _clock.Advance(Duration.FromDays(10));
        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 100), Is.EqualTo(1));
        await AssertGoneAsync("newer");
        await AssertKeptAsync("open");
        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 100), Is.Zero, "nothing twice");
    }

    [Test]
    public async Task Retention_GoesInBatches()
    {
        for (var i = 0; i < 5; i++) await SessionAsync("s" + i, "30000001" + i, T0 + Duration.FromMinutes(i));
        _clock.Reset(T0 + Retention + Duration.FromHours(1));

        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 2), Is.EqualTo(2));
        await AssertGoneAsync("s0");
        await AssertKeptAsync("s2");
        Assert.That(await _service.PurgeClosedSessionsAsync(_clock.GetCurrentInstant() - Retention, 10), Is.EqualTo(3));
        await AssertGoneAsync("s4");
    }

    [Test]
    public async Task Retention_ErasesCallbacksPastTheirSlot_AndFreesTheirPlace()
    {
        var past = Booking("300000101", T0);
        var future = Booking("300000102", T0 + Duration.FromDays(40));
        Assert.That(await _stores.Callbacks.SaveAsync(past, null, 5), Is.EqualTo(CallbackSaveResult.Saved));
        Assert.That(await _stores.Callbacks.SaveAsync(future, null, 5), Is.EqualTo(CallbackSaveResult.Saved));

        _clock.Reset(T0 + Retention + Duration.FromHours(1));
        Assert.That(await _service.PurgeCallbacksAsync(_clock.GetCurrentInstant() - Retention), Is.EqualTo(1));

        Assert.That(await _stores.Callbacks.GetAsync("300000101"), Is.Null);
        Assert.That(await _stores.Callbacks.CountAsync("101", T0), Is.Zero);
        Assert.That(await _stores.Callbacks.GetAsync("300000102"), Is.Not.Null);
    }

    [Test]
    public async Task Erase_ByPhone_RemovesTheCitizensSessionsAndBookings_NotOthers()
    {
        await SessionAsync("mine", "300000201", T0);
        var other = new Session { Id = "other", Ticket = "300000202", Queue = "101", State = SessionState.Queued, Phone = "+7 900 111-22-33", CreatedAt = T0 };
        await _stores.Routing.CommitAsync(new RoutingChange().Put(other));
        await _stores.Callbacks.SaveAsync(Booking("300000203", T0 + Duration.FromDays(1)), null, 5);

        var erased = await _service.EraseAsync(PersonalDataQuery.Parse(null, "8 903 777 41 29"));

        Assert.That((erased.Sessions, erased.Callbacks), Is.EqualTo((1, 1)));
        await AssertGoneAsync("mine");
        Assert.That(await _stores.Callbacks.GetAsync("300000203"), Is.Null);
        Assert.That(await _stores.Routing.GetSessionAsync("other"), Is.Not.Null);
        Assert.That((await _service.ExportAsync(PersonalDataQuery.Parse(null, Phone))).Sessions, Is.Empty);
    }

    /// <summary>A request card as an operator leaves it: note, answer, the citizen's reply, three statuses.</summary>
    private static ServiceRequest Card(string ticket, string phone, params string[] sessionIds) => new ServiceRequest
    {
        Ticket = ticket, Kind = (RequestKind)(ticket[0] - '0'), Queue = "101", History = [new StatusChange(RequestStatus.Received, "op101", T0)],
        SessionIds = sessionIds, DeadlineClass = "standard", OpenedAt = T0, DueAt = T0 + Duration.FromDays(1), AssigneeId = "op101",
        AccessCodeHash = GosChat.Domain.Requests.AccessCode.Hash("ABCDEFGHJKLMNPQR"), CitizenName = "Пётр", Phone = phone,
    }
        .WithNote("op101", "проверить платёж", T0)
        .Moved(RequestStatus.WaitingForCitizen, "op101", T0 + Duration.FromMinutes(1))
        .WithAnswer("op101", "нужна квитанция", T0 + Duration.FromMinutes(1))
        .WithCitizenReply("квитанция 4417", T0 + Duration.FromMinutes(2));

    [Test]
    public async Task Requests_AreExportedByTicketAndPhone_AndErasedWithTheirJobs()
    {
        await SessionAsync("mine", "300000401", T0);
        await _stores.Requests.SaveAsync(Card("200000401", Phone, "mine").WithNotice(RequestNotices.OpenedPurpose, T0, code: "ABCDEFGHJKLMNPQR").Request);
        await _stores.Requests.SaveAsync(Card("100000402", "8 903 777 41 29")); // written: no session, the number typed another way
        await _stores.Requests.SaveAsync(Card("300000403", "+7 900 111-22-33"));
        foreach (var id in new[] { "request:200000401:warn", "request:200000401:due", "request:200000401:remind", "request:200000401:notice:1", "request:300000403:due" })
            _jobs.Ids.Add(id);

        var byChat = await _service.ExportAsync(PersonalDataQuery.Parse("300000401", null));
        var byRequest = await _service.ExportAsync(PersonalDataQuery.Parse("200000401", null));
        var byPhone = await _service.ExportAsync(PersonalDataQuery.Parse(null, Phone));

        Assert.Multiple(() =>
        {
            Assert.That(byChat.Requests.Select(r => r.Ticket), Is.EqualTo(new[] { "200000401" }), "the chat's ticket finds the request opened from it");
            Assert.That(byRequest.Requests.Select(r => r.Ticket), Is.EqualTo(new[] { "200000401" }));
            Assert.That(byPhone.Requests.Select(r => r.Ticket), Is.EquivalentTo(new[] { "200000401", "100000402" }));
            var card = byRequest.Requests.Single();
            Assert.That((card.Kind, card.Status, card.Name, card.Phone), Is.EqualTo(("complaint", "inProgress", "Пётр", Phone)));
            Assert.That(card.Notes.Single().Text, Is.EqualTo("проверить платёж"));
            Assert.That(card.Answers.Single().Text, Is.EqualTo("нужна квитанция"));
            Assert.That(card.Replies.Single().Text, Is.EqualTo("квитанция 4417"));
            Assert.That(card.History.Select(h => h.Status), Is.EqualTo(new[] { "received", "waitingForCitizen", "inProgress" }));
            Assert.That(card.SessionIds, Is.EqualTo(new[] { "mine" }));
        });

        var erased = await _service.EraseAsync(PersonalDataQuery.Parse(null, "8 (903) 777-41-29"));

        Assert.That(erased.Requests, Is.EqualTo(2));
        Assert.That(await _stores.Requests.GetAsync("200000401"), Is.Null);
        Assert.That(await _stores.Requests.GetAsync("100000402"), Is.Null);
        Assert.That((await _stores.Requests.ListAsync()).Select(r => r.Ticket), Is.EqualTo(new[] { "300000403" }), "another citizen's request stays");
        Assert.That(_jobs.Ids, Is.EquivalentTo(new[] { "request:300000403:due" }), "the erased requests' follow-up and notice jobs are cancelled");
        Assert.That((await _service.ExportAsync(PersonalDataQuery.Parse(null, Phone))).Requests, Is.Empty);
    }

    /// <summary>Remembers which job ids are scheduled.</summary>
    private sealed class RecordingJobs : GosChat.Domain.Jobs.IJobScheduler
    {
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public Task ScheduleAsync(GosChat.Domain.Jobs.DelayedJob job) { lock (Ids) Ids.Add(job.Id); return Task.CompletedTask; }
        public Task CancelAsync(string jobId) { lock (Ids) Ids.Remove(jobId); return Task.CompletedTask; }
    }

    private static CallbackBooking Booking(string ticket, Instant slot) => new()
    {
        Ticket = ticket, CallbackId = "k" + ticket, Queue = "101", Phone = Phone, SlotStart = slot, SlotEnd = slot + Duration.FromMinutes(30),
        // Both booked the day before T0 (the Redis index keeps what the newest write says is within retention).
        State = CallbackState.Booked, CreatedAt = T0 - Duration.FromDays(1), UpdatedAt = T0 - Duration.FromDays(1),
    };
}

[TestFixture]
public sealed class InMemoryPersonalDataStoreTests : PersonalDataStoreContract
{
    protected override PersonalDataStores Create() => new InMemoryStores();

    [Test]
    public async Task Orphans_FilesOfSessionsThisNodeNoLongerKnows_GoAfterTheirRetention()
    {
        // A file of a session lost at a restart (the embedded routing state is in memory, the files on disk), and one of a session still known.
        await Stores.Attachments.SaveAsync(new StoredAttachment("lost.a1", "lost", "скан.pdf", "application/pdf", T0, "citizen", [1]));
        var known = new GosChat.Domain.Sessions.Session { Id = "known", Ticket = "300000301", Queue = "101", CreatedAt = T0 };
        await Stores.Routing.CommitAsync(new RoutingChange().Put(known));
        await Stores.Attachments.SaveAsync(new StoredAttachment("known.a1", "known", "скан.pdf", "application/pdf", T0, "citizen", [1]));

        Assert.That(await Service.PurgeOrphansAsync(T0 - Duration.FromSeconds(1)), Is.Zero);
        Assert.That(await Stores.Attachments.GetAsync("lost", "lost.a1"), Is.Not.Null);

        Assert.That(await Service.PurgeOrphansAsync(T0), Is.EqualTo(1));
        Assert.That(await Stores.Attachments.GetAsync("lost", "lost.a1"), Is.Null);
        Assert.That(await Stores.Attachments.GetAsync("known", "known.a1"), Is.Not.Null);
    }

    private sealed class InMemoryStores : PersonalDataStores
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("goschat-pd-").FullName;

        public override void Reset()
        {
            var routing = new InMemoryRoutingStore();
            // Every message written out to its file, so erasure has a file to delete.
            var messages = new SpilledMessageStore(SpilledMessageStore.Spilling(Path.Combine(_folder, Guid.NewGuid().ToString("N"))));
            var files = new FileAttachmentStore(Path.Combine(_folder, Guid.NewGuid().ToString("N")), TestCipher.Default);
            var history = new InMemoryCitizenHistory();
            var callbacks = new InMemoryCallbackStore();
            (Routing, Messages, Attachments, History, Callbacks) = (routing, messages, files, history, callbacks);
            PersonalData = new InMemoryPersonalDataStore(routing, messages.Store, files, history, callbacks);
            Requests = new InMemoryRequestStore();
        }

        public override void Dispose()
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}

[TestFixture]
public sealed class RedisPersonalDataStoreTests : PersonalDataStoreContract
{
    protected override PersonalDataStores Create() => new RedisStores();

    private sealed class RedisStores : PersonalDataStores
    {
        private readonly RedisStoreFactory _factory = new();

        public override void Reset()
        {
            _factory.Reset();
            var redis = _factory.Multiplexer;
            var options = new RedisStoreOptions();
            Routing = new RedisRoutingStore(redis, options, TestCipher.Default);
            Messages = new RedisMessageStore(redis, TestCipher.Default);
            Attachments = new RedisAttachmentStore(redis, TestCipher.Default);
            History = new RedisCitizenHistory(redis, options);
            Callbacks = new RedisCallbackStore(redis, options, TestCipher.Default);
            PersonalData = new RedisPersonalDataStore(redis, options);
            Requests = new RedisRequestStore(redis, options, TestCipher.Default);
        }

        public override void Dispose() => _factory.Dispose();
    }
}
