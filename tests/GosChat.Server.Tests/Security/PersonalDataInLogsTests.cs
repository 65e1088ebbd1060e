using System.Net.Http.Headers;
using System.Net.Http.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.Logging;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// A conversation full of personal data (passport, SNILS, INN, card number, name, phone, a scanned file), driven the
/// way browsers drive it: the operator's token in the hub URL's query string, files through signed links. Its log
/// lines are scanned with every other test's at the end of the run (<see cref="LogScan"/>); the samples are named
/// sensitive here so the scan looks for them whatever the capture picks up by itself.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class PersonalDataInLogsTests(string storage) : ServerFixtureBase(storage)
{
    private const string Passport = "4510 123456";
    private const string Snils = "112-233-445 95";
    private const string Inn = "771234567890";
    private const string Card = "4276 1600 1234 5678";
    private const string FullName = "Иванова Мария Петровна";
    private const string Phone = "+7 (926) 111-22-33";
    private const string FileName = "паспорт Ивановой.png";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [OneTimeSetUp]
    public void NameTheSamples()
    {
        foreach (var sample in new[] { Passport, Snils, Inn, Card, FullName, Phone, FileName, "Иванова", "Ивановой" })
            LogCapture.Sensitive(sample);
    }

    [Test]
    public async Task AConversationWithPersonalData_GoesThrough_WithTokensInQueryStrings()
    {
        // The operator connects as a browser does: the token in the URL's query string.
        var token = await Server.LoginAsync("op101");
        await using var op = HubClients.Build(new Uri(Server.Url("hubs/operator") + "?access_token=" + Uri.EscapeDataString(token)),
            configure: o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; },
            configureBuilder: b => b.AddJsonProtocol(j => GosChat.Domain.Serialization.DomainJson.Configure(j.PayloadSerializerOptions)));
        var offers = op.Inbox<OfferDto>("Offer");
        await op.StartAsync();
        await op.InvokeAsync("SetPresence", "available");

        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", $"Справка не приходит, паспорт {Passport}", "ru", null, FullName, Phone, "m.ivanova@example.ru", null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        await citizen.InvokeAsync<SendResult>("SendMessage", $"СНИЛС {Snils}, ИНН {Inn}", "c-1");
        await citizen.InvokeAsync<SendResult>("SendMessage", $"Карта {Card}, код восстановления 83-12-99", "c-2");
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Мария Петровна, пришлите скан паспорта", "o-1");

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", FileName);
        var upload = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        upload.Headers.Add("X-Resume-Token", started.ResumeToken);
        var attachment = await (await Server.Http.SendAsync(upload)).Content.ReadFromJsonAsync<AttachmentDto>(GosChatServer.Json);
        var link = await citizen.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", attachment!.AttachmentId);
        Assert.That((await Server.Http.GetAsync(link.Url.TrimStart('/'))).IsSuccessStatusCode, Is.True);
        var opLink = await op.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", attachment.AttachmentId);
        LogCapture.Sensitive(new Uri("http://x" + opLink.Url).Query.Split("sig=")[1]);

        // A refused call and a refused sign-in are logged too (without what they carried).
        Assert.CatchAsync(() => citizen.InvokeAsync<SendResult>("SendMessage", new string('x', 5000) + Passport, "c-3"));
        var wrong = await Server.Http.PostAsJsonAsync("api/auth/login", new { login = "m.ivanova.login", password = "Пароль-Ивановой-1" });
        Assert.That(wrong.IsSuccessStatusCode, Is.False);
        LogCapture.Sensitive("m.ivanova.login");

        await op.InvokeAsync("CloseSession", started.SessionId, $"Справка выдана, паспорт {Passport} проверен");
        await citizen.InvokeAsync("Rate", 5, $"Спасибо! {FullName}");
        await citizen.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
        Assert.That(LogCapture.Lines, Is.GreaterThan(0), "the test server's log lines are captured");
    }
}
