using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// Attachments download through short-lived signed links (HMAC of id and expiry on the service's clock), never with
/// the resume token in the URL. On each store.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class AttachmentLinkTests(string storage) : ServerFixtureBase(storage)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Attachments:LinkLifetime"] = "00:02:00" };

    private async Task<(HubConnection Citizen, SessionStartedDto Started, string AttachmentId)> UploadAsync()
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Вопрос", null, null, null, null, null, null));
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "паспорт.png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        request.Headers.Add("X-Resume-Token", started.ResumeToken);
        var response = await Server.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var dto = await response.Content.ReadFromJsonAsync<AttachmentDto>(TestSupport.Server.GosChatServer.Json);
        return (citizen, started, dto!.AttachmentId);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public async Task CitizensLink_DownloadsWithoutAnyToken_UntilItExpiresOnTheServersClock()
    {
        var (citizen, started, id) = await UploadAsync();

        var link = await citizen.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", id);

        Assert.That(link.Url, Does.StartWith($"/api/attachments/{id}?expires=").And.Contain("&sig="));
        Assert.That(link.Url, Does.Not.Contain(started.ResumeToken).And.Not.Contain("resumeToken"));
        Assert.That(link.ExpiresAt, Is.EqualTo(Server.Clock.GetCurrentInstant() + NodaTime.Duration.FromMinutes(2)));
        var file = await Server.Http.GetAsync(link.Url.TrimStart('/'));
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(Png));
        Assert.That(file.Headers.CacheControl?.NoStore, Is.True);

        Server.Clock.AdvanceSeconds(119);
        Assert.That((await Server.Http.GetAsync(link.Url.TrimStart('/'))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Server.Clock.AdvanceSeconds(1);
        await AssertRefusedAsync(await Server.Http.GetAsync(link.Url.TrimStart('/')), "link_expired");
    }

    [Test]
    public async Task TamperedLinks_AreRefused()
    {
        var (citizen, _, id) = await UploadAsync();
        var (_, _, otherId) = await UploadAsync();
        var url = (await citizen.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", id)).Url.TrimStart('/');
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x/" + url).Query);
        var (expires, sig) = (long.Parse(query["expires"]!), query["sig"]!);
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];

        await AssertRefusedAsync(await Server.Http.GetAsync($"api/attachments/{id}?expires={expires}&sig={flipped}"), "bad_link");
        await AssertRefusedAsync(await Server.Http.GetAsync($"api/attachments/{id}?expires={expires + 86400}&sig={sig}"), "bad_link");
        await AssertRefusedAsync(await Server.Http.GetAsync($"api/attachments/{otherId}?expires={expires}&sig={sig}"), "bad_link");
        await AssertRefusedAsync(await Server.Http.GetAsync($"api/attachments/{id}?sig={sig}"), "bad_link");

        // Another session's connection gets no link to this file.
        var refused = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", otherId));
        Assert.That(refused!.Message, Does.Contain("HubException: not_your_session:"));
    }

    [Test]
    public async Task TheResumeTokenInTheQueryString_OpensNothing()
    {
        var (_, started, id) = await UploadAsync();
        var response = await Server.Http.GetAsync($"api/attachments/{id}?resumeToken={Uri.EscapeDataString(started.ResumeToken)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task LinksOverHttp_ForTheTokenInAHeader_OrTheSessionsOperator_AndNobodyElse()
    {
        var (citizen, started, id) = await UploadAsync();
        var byToken = new HttpRequestMessage(HttpMethod.Post, $"api/attachments/{id}/link");
        byToken.Headers.Add("X-Resume-Token", started.ResumeToken);
        var link = await (await Server.Http.SendAsync(byToken)).Content.ReadFromJsonAsync<AttachmentLinkDto>(TestSupport.Server.GosChatServer.Json);
        Assert.That((await Server.Http.GetAsync(link!.Url.TrimStart('/'))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Server.Http.PostAsync($"api/attachments/{id}/link", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var (op, offers) = await AvailableOperator("op101");
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        var opLink = await op.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", id);
        Assert.That((await Server.Http.GetAsync(opLink.Url.TrimStart('/'))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var other = await Operator("op102");
        var refused = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<AttachmentLinkDto>("GetAttachmentLink", id));
        Assert.That(refused!.Message, Does.Contain("HubException: not_your_session:"));
        await citizen.InvokeAsync("CloseSession");
    }
}
