using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GosChat.Server.Auth;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>What a refusal leaves in the log: one line, at the right level, with nothing the client sent.</summary>
public sealed class LogLineTests
{
    private GosChatServer _server = null!;

    [SetUp]
    public async Task Start() => _server = await GosChatServer.StartAsync();

    [TearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private static bool AboveDebug(string line) => !line.StartsWith("Debug ", StringComparison.Ordinal) && !line.StartsWith("Trace ", StringComparison.Ordinal);

    [Test]
    public async Task RefusedHubCall_IsOneDebugLine_AndNothingAboveDebug()
    {
        await using var citizen = await _server.CitizenAsync();
        for (var i = 0; i < 3; i++)
            Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", "без сессии", "c-" + i));

        var ours = _server.Logs.Lines.Where(l => l.Contains("Hub call SendMessage refused", StringComparison.Ordinal)).ToList();
        Assert.That(ours, Has.Count.EqualTo(3), "one line per refused call");
        Assert.That(ours, Has.All.StartWith("Debug GosChat.Server.Hubs.HubErrorFilter[200] Hub call SendMessage refused: no_session"));
        Assert.That(ours, Has.None.Contains(" at "), "no stack trace");
        var loud = _server.Logs.Lines.Where(AboveDebug).Where(l => l.Contains("SendMessage") || l.Contains("no_session") || l.Contains("HubException")).ToList();
        Assert.That(loud, Is.Empty);
    }

    [Test]
    public async Task RefusedSignIn_LogsTheAddressAndAHashOfTheLogin_NeverTheLogin()
    {
        const string login = "nobody.special";
        var response = await _server.Http.PostAsJsonAsync("api/auth/login", new { login, password = "wrong password" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        await Eventually.AssertAsync(() => _server.Logs.Lines.Any(l => l.Contains("[101] A sign-in from")), "the refusal's log line");
        var line = _server.Logs.Lines.Single(l => l.Contains("[101] A sign-in from"));
        Assert.Multiple(() =>
        {
            Assert.That(line, Does.StartWith("Warning "));
            Assert.That(line, Does.Contain("127.0.0.1"));
            Assert.That(line, Does.Contain(LoginThrottle.Hash(login)));
            Assert.That(_server.Logs.Lines, Has.None.Contains(login));
            Assert.That(_server.Logs.Lines, Has.None.Contains("wrong password"));
        });
    }

    [Test]
    public async Task Files_UploadedRefusedMalformedOrDownloaded_LogNoFileName()
    {
        await using var citizen = await _server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

        async Task<HttpStatusCode> UploadAsync(string name, byte[] content)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name);
            var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
            request.Headers.Add("X-Resume-Token", started.ResumeToken);
            return (await _server.Http.SendAsync(request)).StatusCode;
        }

        Assert.That(await UploadAsync("скан-паспорта-Сидорова.png", png), Is.EqualTo(HttpStatusCode.Created));
        var attachmentId = (await _server.Centre.Messages.GetAsync(started.SessionId)).Single(m => m.Attachment is not null).Attachment!.AttachmentId;
        var download = new HttpRequestMessage(HttpMethod.Get, $"api/attachments/{attachmentId}");
        download.Headers.Add("X-Resume-Token", started.ResumeToken);
        var downloaded = await _server.Http.SendAsync(download);
        Assert.That(downloaded.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("скан-паспорта-Сидорова.png"));
        Assert.That(await UploadAsync("выписка-Сидорова.exe.png", "MZ"u8.ToArray()), Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        var malformed = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments")
        {
            Content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"справка-Сидорова.pdf\"\r\n\r\n%PDF-1.4 cut"),
        };
        malformed.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        malformed.Headers.Add("X-Resume-Token", started.ResumeToken);
        Assert.That((await _server.Http.SendAsync(malformed)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.That(_server.Logs.Lines, Is.Not.Empty);
        Assert.That(_server.Logs.Lines, Has.None.Contains("Сидоров"));
    }
}
