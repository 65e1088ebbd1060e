using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Api;

/// <summary>The HTTP endpoints behind the web pages: console config, attachments, supervisor overview.</summary>
[TestFixture]
public sealed class WebPagesApiTests
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"u8.ToArray();

    private GosChatServer _server = null!;

    [SetUp]
    public async Task Start() => _server = await GosChatServer.StartAsync();

    [TearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task<(SessionStartedDto Started, HubConnection Citizen)> StartSessionAsync(string queue = "101")
    {
        var citizen = await _server.CitizenAsync();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(queue, "Вопрос", null, null, null, null, null, null));
        return (started, citizen);
    }

    private HttpRequestMessage Upload(string sessionId, string name, byte[] content, string? resumeToken = null, string? bearer = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{sessionId}/attachments") { Content = form };
        if (resumeToken is not null) request.Headers.Add("X-Resume-Token", resumeToken);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
    }

    [Test]
    public async Task Upload_ByCitizen_StoresThePng_AndPushesAMessage_ThatDownloadsWithSafeHeaders()
    {
        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;
        var pushed = new List<MessageDto>();
        citizen.On<MessageDto>("Message", m => { lock (pushed) pushed.Add(m); });

        var response = await _server.Http.SendAsync(Upload(started.SessionId, "скриншот.png", Png, started.ResumeToken));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var dto = await response.Content.ReadFromJsonAsync<AttachmentDto>(GosChatServer.Json);
        Assert.That((dto!.Name, dto.Size, dto.ContentType), Is.EqualTo(("скриншот.png", (long)Png.Length, "image/png")));
        await Eventually.AssertAsync(() => { lock (pushed) return pushed.Any(m => m.Attachment?.AttachmentId == dto.AttachmentId); }, "the attachment message");

        var download = new HttpRequestMessage(HttpMethod.Get, dto.Url.TrimStart('/'));
        download.Headers.Add("X-Resume-Token", started.ResumeToken);
        var file = await _server.Http.SendAsync(download);
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(Png));
        Assert.That(file.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That(file.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(file.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task Download_WithTheTokenInAHeader_Works_ButNotWithAnotherSessionsToken_NorInTheQuery()
    {
        var (started, citizen) = await StartSessionAsync();
        var (other, otherCitizen) = await StartSessionAsync();
        await using var _ = citizen;
        await using var __ = otherCitizen;
        var upload = await _server.Http.SendAsync(Upload(started.SessionId, "справка.pdf", Pdf, started.ResumeToken));
        var dto = await upload.Content.ReadFromJsonAsync<AttachmentDto>(GosChatServer.Json);

        HttpRequestMessage Get(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, dto!.Url.TrimStart('/'));
            request.Headers.Add("X-Resume-Token", token);
            return request;
        }
        var own = await _server.Http.SendAsync(Get(started.ResumeToken));
        var foreign = await _server.Http.SendAsync(Get(other.ResumeToken));
        var anonymous = await _server.Http.GetAsync(dto!.Url.TrimStart('/'));
        var inTheQuery = await _server.Http.GetAsync(dto.Url.TrimStart('/') + "?resumeToken=" + Uri.EscapeDataString(started.ResumeToken));

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblemAsync(foreign, HttpStatusCode.Forbidden);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(inTheQuery, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await _server.Http.SendAsync(Upload(started.SessionId, "a.pdf", Pdf, other.ResumeToken)), HttpStatusCode.Forbidden);
    }

    [TestCase("virus.pdf", "MZ-not-a-pdf")]
    [TestCase("photo.png", "%PDF-1.4 a pdf named png")]
    [TestCase("script.html", "%PDF-1.4 but the extension is wrong")]
    [TestCase("image.gif", "GIF89a")]
    public async Task Upload_ContentThatIsNotWhatItsNameSays_OrNotAllowed_Is415(string name, string content)
    {
        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;

        var response = await _server.Http.SendAsync(Upload(started.SessionId, name, System.Text.Encoding.ASCII.GetBytes(content), started.ResumeToken));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.That(await _server.Centre.Messages.GetAsync(started.SessionId), Has.None.Matches<Domain.Messages.ChatMessage>(m => m.Attachment != null));
    }

    [TestCase("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"секрет.pdf\"\r\n\r\n%PDF-1.4 no closing boundary")]
    [TestCase("not a multipart body at all")]
    public async Task Upload_MalformedMultipart_Is400_AndStoresNothing(string body)
    {
        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        request.Headers.Add("X-Resume-Token", started.ResumeToken);

        var response = await _server.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(await _server.Centre.Messages.GetAsync(started.SessionId), Has.None.Matches<Domain.Messages.ChatMessage>(m => m.Attachment != null));
    }

    [Test]
    public async Task Upload_OverFiveMegabytes_Is413_AndExactlyFive_IsAccepted()
    {
        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;
        var limit = 5 * 1024 * 1024;
        var exactly = new byte[limit];
        Pdf.CopyTo(exactly, 0);
        var over = new byte[limit + 1];
        Pdf.CopyTo(over, 0);

        Assert.That((await _server.Http.SendAsync(Upload(started.SessionId, "big.pdf", exactly, started.ResumeToken))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertProblemAsync(await _server.Http.SendAsync(Upload(started.SessionId, "big.pdf", over, started.ResumeToken)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Upload_ByOperator_OnlyForTheirActiveSession()
    {
        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;
        var other = await _server.LoginAsync("op102");
        await AssertProblemAsync(await _server.Http.SendAsync(Upload(started.SessionId, "a.png", Png, bearer: other)), HttpStatusCode.Forbidden);

        await using var op = await _server.OperatorAsync("op101");
        var offers = new List<OfferDto>();
        op.On<OfferDto>("Offer", o => { lock (offers) offers.Add(o); });
        await op.InvokeAsync("SetPresence", "available");
        await Eventually.AssertAsync(() => { lock (offers) return offers.Count == 1; }, "an offer");
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offers[0].OfferId);
        var token = await _server.LoginAsync("op101");

        var response = await _server.Http.SendAsync(Upload(started.SessionId, "инструкция.pdf", Pdf, bearer: token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var stored = await _server.Centre.Messages.GetAsync(started.SessionId);
        Assert.That(stored.Last().From, Is.EqualTo("operator"));
        Assert.That(stored.Last().Attachment!.ContentType, Is.EqualTo("application/pdf"));
    }

    [Test]
    public async Task Supervisor_OnTheOperatorHub_GetsLiveQueueStats()
    {
        await using var supervisor = await _server.OperatorAsync("supervisor");
        var stats = new List<QueueStatsDto>();
        supervisor.On<QueueStatsDto>("QueueStats", s => { lock (stats) stats.Add(s); });

        var (_, citizen) = await StartSessionAsync("102");
        await using var _ = citizen;

        await Eventually.AssertAsync(() =>
        {
            lock (stats) return stats.Any(s => s.Queues.Single(q => q.Id == "102").Waiting == 1);
        }, "a QueueStats push with one citizen waiting in 102");
    }

    [Test]
    public async Task ConsoleConfig_GivesCannedRepliesAndQueues_ToOperatorsOnly()
    {
        await AssertProblemAsync(await _server.Http.GetAsync("api/console/config"), HttpStatusCode.Unauthorized);
        var request = new HttpRequestMessage(HttpMethod.Get, "api/console/config");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync("op101"));

        var body = await (await _server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(body.GetProperty("cannedReplies").GetArrayLength(), Is.GreaterThan(3));
        Assert.That(body.GetProperty("cannedReplies")[0].GetProperty("text").GetString(), Does.Contain("Здравствуйте"));
        Assert.That(body.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
    }

    [Test]
    public async Task Overview_ForSupervisorsOnly_CountsAnsweredAndFirstReplyWithinTheDeadline()
    {
        var operatorRequest = new HttpRequestMessage(HttpMethod.Get, "api/supervisor/overview");
        operatorRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync("op101"));
        await AssertProblemAsync(await _server.Http.SendAsync(operatorRequest), HttpStatusCode.Forbidden);

        var (started, citizen) = await StartSessionAsync();
        await using var _ = citizen;
        await using var op = await _server.OperatorAsync("op101");
        var offers = new List<OfferDto>();
        op.On<OfferDto>("Offer", o => { lock (offers) offers.Add(o); });
        await op.InvokeAsync("SetPresence", "available");
        await Eventually.AssertAsync(() => { lock (offers) return offers.Count == 1; }, "an offer");
        _server.Clock.AdvanceSeconds(15);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offers[0].OfferId);
        _server.Clock.AdvanceSeconds(60);
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте!", "c1");

        var request = new HttpRequestMessage(HttpMethod.Get, "api/supervisor/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync("supervisor"));
        var body = await (await _server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        var history = body.GetProperty("history").EnumerateArray().Where(p => p.GetProperty("queue").GetString() == "101").ToList();
        Assert.That(history, Has.Count.EqualTo(72), "6 hours of 5-minute buckets");
        Assert.That(history.Sum(p => p.GetProperty("waiting").GetInt64()), Is.EqualTo(1));
        Assert.That(history.Sum(p => p.GetProperty("answered").GetInt64()), Is.EqualTo(1));
        var replied = history.Single(p => p.TryGetProperty("avgFirstReplySeconds", out var v) && v.ValueKind == JsonValueKind.Number);
        Assert.That(replied.GetProperty("avgFirstReplySeconds").GetDouble(), Is.EqualTo(75), "from entering the queue to the first reply");
        Assert.That(replied.GetProperty("slaAttainment").GetDouble(), Is.EqualTo(1.0));
        var op101 = body.GetProperty("operators").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "op101");
        Assert.That((op101.GetProperty("presence").GetString(), op101.GetProperty("activeSessions").GetInt32(), op101.GetProperty("capacity").GetInt32()),
            Is.EqualTo(("available", 1, 3)));
        Assert.That(body.GetProperty("queues").GetArrayLength(), Is.EqualTo(5));
    }
}
