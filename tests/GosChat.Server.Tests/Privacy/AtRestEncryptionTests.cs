using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Privacy;

/// <summary>
/// A whole conversation (contact details, messages with a passport and card number, a file, a rating, a callback)
/// leaves nothing of it in clear in the store: every Redis key read directly, or every file of the embedded
/// node's data folder (its messages written out to files too).
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class AtRestEncryptionTests(string storage) : ServerFixtureBase(storage)
{
    private string _folder = null!;

    protected override Dictionary<string, string?> Settings()
    {
        _folder = Directory.CreateTempSubdirectory("goschat-atrest-").FullName;
        // The embedded node on a budget of 0 bytes writes every message to its file in the data folder, so the scan reads those too.
        return new() { ["GosChat:DataFolder"] = _folder, ["GosChat:EmbeddedMessages:MemoryBudgetBytes"] = "0" };
    }

    [TearDown]
    public void RemoveFolder()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    internal static readonly string[] Secrets =
    [
        "Пётр Засекреченный", "Засекреченный", "+7 (903) 777-41-29", "777-41-29", "79037774129", "9037774129", "petr.secret@example.ru",
        "паспорт 4510 123456", "4510 123456", "карта 4276 1234 5678 9012", "4276 1234 5678 9012", "код восстановления QZ-7731",
        "QZ-7731", "FILESECRET-8842", "скан-Засекреченный.pdf", "сменили пароль Петру", "Оператор вежлив, Пётр",
    ];

    internal static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n% FILESECRET-8842\ntrailer <<>>\n%%EOF"u8.ToArray();

    [Test]
    public async Task AConversation_LeavesNoPersonalDataInClear_InTheStore()
    {
        var (op, offers) = await AvailableOperator("op101");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101",
            "Не могу войти, паспорт 4510 123456", "ru", null, "Пётр Засекреченный", "+7 (903) 777-41-29", "petr.secret@example.ru", null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        await citizen.InvokeAsync<SendResult>("SendMessage", "карта 4276 1234 5678 9012, код восстановления QZ-7731", "c-1");
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Пётр Засекреченный, проверяю", "o-1");
        Assert.That((await Upload(started, "скан-Засекреченный.pdf")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await BookCallbackAsync();
        await op.InvokeAsync("CloseSession", started.SessionId, "сменили пароль Петру");
        await citizen.InvokeAsync("Rate", 5, "Оператор вежлив, Пётр");

        // The service reads it back in clear.
        var snapshot = await (await Citizen()).InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
        Assert.That(snapshot.Messages.Select(m => m.Text), Does.Contain("карта 4276 1234 5678 9012, код восстановления QZ-7731"));

        if (RedisConnection is null)
            await Eventually.AssertAsync(() => Directory.EnumerateFiles(Path.Combine(_folder, "messages")).Any(), "the messages written to their files");
        var stored = RedisConnection is { } redis ? await StoredBytes.OfRedisAsync(redis) : StoredBytes.OfFolder(_folder);
        // The scan does read the records: what is not personal (the ticket, the file's type) is there in clear.
        if (RedisConnection is not null) Assert.That(StoredBytes.Find(stored, [started.Ticket]), Is.Not.Empty);
        Assert.That(StoredBytes.Find(stored, ["application/pdf"]), Is.Not.Empty);
        Assert.That(StoredBytes.Find(stored, Secrets), Is.Empty);
        Assert.That(stored.Values.Any(v => v.AsSpan().IndexOf("enc:v1:test:"u8) >= 0 || v.AsSpan().IndexOf("GCE1"u8) >= 0), Is.True,
            "the personal data is there, encrypted under the configured key");
    }

    private async Task<HttpResponseMessage> Upload(SessionStartedDto started, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        request.Headers.Add("X-Resume-Token", started.ResumeToken);
        return await Server.Http.SendAsync(request);
    }

    private async Task BookCallbackAsync()
    {
        var date = Start.InUtc().Date.ToString("yyyy-MM-dd", null);
        var slots = await Server.Http.GetFromJsonAsync<JsonElement>($"api/callbacks/slots?queue=101&date={date}");
        var slot = slots.EnumerateArray().First(s => s.GetProperty("free").GetInt32() > 0).GetProperty("slotStart").GetString();
        var booked = await Server.Http.PostAsJsonAsync("api/callbacks",
            new { phone = "+7 (903) 777-41-29", queue = "101", slotStart = slot, name = "Пётр Засекреченный" });
        Assert.That(booked.StatusCode, Is.EqualTo(HttpStatusCode.Created), await booked.Content.ReadAsStringAsync());
    }
}
