using System.Collections.Concurrent;
using System.Text;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Storage.Tests.Routing;

/// <summary>
/// The embedded message store on a memory budget: what does not fit goes to encrypted files under the data folder and
/// reads back exactly as it was; erasure deletes a session's file, and a new run starts without the last run's files.
/// (The message store contract runs spilled as well: <see cref="SpilledInMemoryMessageStoreTests"/>.)
/// </summary>
public sealed class EmbeddedMessageSpillTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 9, 0);
    private string _folder = null!;

    [SetUp] public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("goschat-spill-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string MessagesFolder => Path.Combine(_folder, "messages");
    private InMemoryMessageStore Store(long budgetBytes) => SpilledMessageStore.Spilling(MessagesFolder, budgetBytes);
    private string FileOf(string sessionId) => Path.Combine(MessagesFolder, sessionId + ".log");

    private static ChatMessage Message(string session, int n, string? text = null) => new()
    {
        MessageId = $"{session}-m{n}",
        SessionId = session,
        From = n % 3 == 0 ? Senders.Operator : Senders.Citizen,
        Text = text ?? $"Сообщение {n} сессии {session}: " + new string('ж', 50 + n % 7 * 40),
        SentAt = T0 + Duration.FromMilliseconds(1500L * n),
        ClientMessageId = $"c-{n}",
        AuthorId = n % 3 == 0 ? "op101" : null,
    };

    [Test]
    public async Task ManySessions_StayWithinTheBudget_AndEveryMessageReadsBackInOrder()
    {
        const long budget = 64 * 1024;
        const int perSession = 50;
        var store = Store(budget);
        var sessions = Enumerable.Range(1, 40).Select(i => $"s{i:D2}").ToArray();

        // Interleaved, as a contact centre's sessions are: about 1 MB of messages in all, sixteen times the budget.
        for (var n = 1; n <= perSession; n++)
            foreach (var session in sessions)
                await store.AppendAsync(Message(session, n));
        await store.SpillingDone;

        Assert.That(store.BytesInMemory, Is.LessThanOrEqualTo(budget));
        Assert.That(sessions.Count(s => File.Exists(FileOf(s))), Is.GreaterThan(sessions.Length / 2), "most sessions are in their files");
        foreach (var session in sessions)
        {
            Assert.That(await store.GetAsync(session), Is.EqualTo(Enumerable.Range(1, perSession).Select(n => Message(session, n) with { Seq = n })), session);
            Assert.That(await store.GetAsync(session, afterSeq: 20), Is.EqualTo(Enumerable.Range(21, perSession - 20).Select(n => Message(session, n) with { Seq = n })), session);
        }

        // The first session is the coldest: its first message is in its file. A resend returns it and stores nothing.
        Assert.That(File.Exists(FileOf("s01")), Is.True);
        var (first, duplicate) = await store.AppendAsync(Message("s01", 1, "отправлено ещё раз") with { MessageId = "resent" });
        Assert.That(duplicate, Is.True);
        Assert.That(first, Is.EqualTo(Message("s01", 1) with { Seq = 1 }));

        // Appending to it goes on from where it was; the same client id from the other side is another message.
        var (next, nextDuplicate) = await store.AppendAsync(Message("s01", 51));
        var (operatorsOwn, operatorsDuplicate) = await store.AppendAsync(Message("s01", 1) with { From = Senders.Operator, MessageId = "op-c-1" });
        Assert.That((next.Seq, nextDuplicate, operatorsOwn.Seq, operatorsDuplicate), Is.EqualTo((51L, false, 52L, false)));
        await store.SpillingDone;
        Assert.That((await store.GetAsync("s01", afterSeq: 49)).Select(m => (m.Seq, m.From, m.Text)), Is.EqualTo(new[]
        {
            (50L, Message("s01", 50).From, Message("s01", 50).Text),
            (51L, Message("s01", 51).From, Message("s01", 51).Text),
            (52L, Senders.Operator, Message("s01", 1).Text),
        }));
        Assert.That(store.BytesInMemory, Is.LessThanOrEqualTo(budget));
    }

    [Test]
    public async Task ParallelAppendsResendsAndReads_WhileSpilling_KeepEverySessionContiguous()
    {
        const long budget = 8 * 1024;
        var store = Store(budget);
        var sessions = Enumerable.Range(1, 12).Select(i => $"p{i:D2}").ToArray();
        var stored = new ConcurrentDictionary<string, ChatMessage>();
        var problems = new ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var mine = new List<ChatMessage>();
            for (var i = 0; i < 150; i++)
            {
                // Every call would finish at once in memory: yield, so the workers and the spill pass interleave, and
                // now and then let the pass catch up, so that resends and reads find messages in the files too.
                await Task.Yield();
                if (i % 25 == 24) await store.SpillingDone;
                var (message, duplicate) = await store.AppendAsync(Message(sessions[random.Next(sessions.Length)], worker * 1000 + i));
                if (duplicate) problems.Enqueue($"{message.MessageId}: a new message taken for a resend");
                stored[message.MessageId] = message;
                mine.Add(message);

                var earlier = mine[random.Next(mine.Count)];
                var (again, resent) = await store.AppendAsync(earlier with { MessageId = "resent", Text = "again", Seq = 0 });
                if (!resent || again != earlier) problems.Enqueue($"{earlier.MessageId}: its resend gave {again.MessageId} (duplicate {resent})");

                var after = random.Next(0, (int)message.Seq);
                var read = await store.GetAsync(message.SessionId, after);
                if (!read.Select(m => m.Seq).SequenceEqual(Enumerable.Range(after + 1, read.Count).Select(n => (long)n)) || read.Count < message.Seq - after)
                    problems.Enqueue($"{message.SessionId} after {after}: {string.Join(",", read.Select(m => m.Seq))}");
            }
        })));
        await store.SpillingDone;

        Assert.That(problems, Is.Empty);
        Assert.That(store.BytesInMemory, Is.LessThanOrEqualTo(budget));
        foreach (var session in sessions)
        {
            var history = await store.GetAsync(session);
            Assert.That(history.Select(m => m.Seq), Is.EqualTo(Enumerable.Range(1, history.Count).Select(n => (long)n)), session);
            Assert.That(history, Is.EquivalentTo(stored.Values.Where(m => m.SessionId == session)), session);
        }
    }

    [Test]
    public async Task SpillFile_HoldsNoMessageInClear_AndReadsBackDecrypted()
    {
        var store = Store(0);
        string[] texts = ["Мой паспорт 4510 123456, карта 4276 1234 5678 9012", "PLAINTEXT-MARKER-7781"];
        var attachment = new Attachment("secret.a1", "скан-паспорта-Засекреченный.pdf", 1024, "application/pdf", "/api/sessions/secret/attachments/secret.a1");
        await store.AppendAsync(Message("secret", 1, texts[0]));
        await store.AppendAsync(Message("secret", 2, texts[1]) with { Attachment = attachment });
        await store.SpillingDone;

        var bytes = await File.ReadAllBytesAsync(FileOf("secret"));
        Assert.That(bytes, Is.Not.Empty);
        Assert.That(store.BytesInMemory, Is.Zero);
        foreach (var secret in texts.Concat(["4510 123456", "PLAINTEXT", "скан-паспорта-Засекреченный.pdf", "secret-m1", "op101"]))
        {
            Assert.That(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)), Is.EqualTo(-1), secret);
            Assert.That(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)), Is.EqualTo(-1), secret);
        }
        Assert.That(bytes.AsSpan().IndexOf("GCE1"u8), Is.GreaterThanOrEqualTo(0), "sealed under the configured key");

        var read = await store.GetAsync("secret");
        Assert.That(read.Select(m => m.Text), Is.EqualTo(texts));
        Assert.That(read[1].Attachment, Is.EqualTo(attachment));
    }

    [Test]
    public async Task Erasure_DeletesTheSessionsFile_AndLeavesTheOthers()
    {
        var store = Store(0);
        var personalData = new InMemoryPersonalDataStore(new InMemoryRoutingStore(), store,
            new FileAttachmentStore(Path.Combine(_folder, "attachments"), TestCipher.Default), new InMemoryCitizenHistory(), new InMemoryCallbackStore());
        for (var n = 1; n <= 3; n++)
        {
            await store.AppendAsync(Message("gone", n));
            await store.AppendAsync(Message("kept", n));
        }
        await store.SpillingDone;
        Assert.That(File.Exists(FileOf("gone")) && File.Exists(FileOf("kept")), Is.True);

        await personalData.EraseSessionAsync("gone", null, []);

        Assert.That(File.Exists(FileOf("gone")), Is.False);
        Assert.That(await store.GetAsync("gone"), Is.Empty);
        Assert.That((await store.GetAsync("kept")).Select(m => m.Seq), Is.EqualTo(new[] { 1L, 2L, 3L }));
        // The id, were it used again, starts afresh, without the erased messages' client ids.
        var (again, duplicate) = await store.AppendAsync(Message("gone", 1));
        await store.SpillingDone;
        Assert.That((again.Seq, duplicate), Is.EqualTo((1L, false)));
        Assert.That((await store.GetAsync("gone")).Select(m => m.MessageId), Is.EqualTo(new[] { "gone-m1" }));
    }

    [Test]
    public async Task Erasure_OfASessionInMemory_GivesBackItsBytes()
    {
        var store = Store(1024 * 1024);
        var personalData = new InMemoryPersonalDataStore(new InMemoryRoutingStore(), store,
            new FileAttachmentStore(Path.Combine(_folder, "attachments"), TestCipher.Default), new InMemoryCitizenHistory(), new InMemoryCallbackStore());
        await store.AppendAsync(Message("kept", 1));
        var kept = store.BytesInMemory;
        for (var n = 1; n <= 5; n++) await store.AppendAsync(Message("gone", n));
        Assert.That(store.BytesInMemory, Is.GreaterThan(kept));

        await personalData.EraseSessionAsync("gone", null, []);

        Assert.That(store.BytesInMemory, Is.EqualTo(kept));
        Assert.That(File.Exists(FileOf("gone")), Is.False);
        Assert.That(await store.GetAsync("gone"), Is.Empty);
    }

    [Test]
    public async Task Start_RemovesTheFilesAnEarlierRunLeft_AndNothingElseOfTheDataFolder()
    {
        var earlier = Store(0);
        await earlier.AppendAsync(Message("old", 1));
        await earlier.SpillingDone;
        Assert.That(File.Exists(FileOf("old")), Is.True);
        await File.WriteAllTextAsync(Path.Combine(MessagesFolder, "stray.tmp"), "x");
        var attachments = Directory.CreateDirectory(Path.Combine(_folder, "attachments")).FullName;
        await File.WriteAllTextAsync(Path.Combine(attachments, "kept.bin"), "x");

        var store = Store(0);

        Assert.That(Directory.EnumerateFileSystemEntries(MessagesFolder), Is.Empty);
        Assert.That(File.Exists(Path.Combine(attachments, "kept.bin")), Is.True);
        Assert.That(await store.GetAsync("old"), Is.Empty);
        var (message, _) = await store.AppendAsync(Message("old", 1, "новый"));
        await store.SpillingDone;
        Assert.That(message.Seq, Is.EqualTo(1));
        Assert.That((await store.GetAsync("old")).Select(m => m.Text), Is.EqualTo(new[] { "новый" }));
    }

    [Test]
    public void ClientIdIndex_KeysSharingAHash_AreKeptApart()
    {
        // The store compares a hit with the message it names; a key found to be another's is kept whole from then on.
        var index = new ClientMessageIndex();
        index.Add(hash: 7, Senders.Citizen, "a", seq: 1, hashTaken: false);
        Assert.That(index.Find(7, Senders.Citizen, "b"), Is.EqualTo(1), "a candidate only");
        index.Add(7, Senders.Citizen, "b", seq: 2, hashTaken: true);

        Assert.That(index.Find(7, Senders.Citizen, "a"), Is.EqualTo(1));
        Assert.That(index.Find(7, Senders.Citizen, "b"), Is.EqualTo(2));
        Assert.That(index.Find(8, Senders.Citizen, "c"), Is.Zero);
        Assert.That(ClientMessageIndex.Hash(Senders.Citizen, "x"), Is.Not.EqualTo(ClientMessageIndex.Hash(Senders.Operator, "x")));
    }

    [Test]
    public void Options_Default512MiB_AreBound_AndANegativeBudgetIsRefused()
    {
        const string key = EmbeddedMessageOptions.Section + ":MemoryBudgetBytes";
        using (var defaults = Provider([]))
        {
            Assert.That(defaults.GetRequiredService<IOptions<EmbeddedMessageOptions>>().Value.MemoryBudgetBytes, Is.EqualTo(512L * 1024 * 1024));
            Assert.That(defaults.GetRequiredService<IMessageStore>(), Is.InstanceOf<InMemoryMessageStore>());
            Assert.That(Directory.Exists(MessagesFolder), Is.True, "the store's folder under the data folder");
        }
        using (var configured = Provider(new() { [key] = "1048576" }))
            Assert.That(configured.GetRequiredService<IOptions<EmbeddedMessageOptions>>().Value.MemoryBudgetBytes, Is.EqualTo(1048576));
        using var negative = Provider(new() { [key] = "-1" });
        Assert.Throws<OptionsValidationException>(() => _ = negative.GetRequiredService<IOptions<EmbeddedMessageOptions>>().Value);
    }

    private ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TestCipher.Default);
        services.AddGosChatInMemoryStorage(_folder);
        return services.BuildServiceProvider();
    }
}
