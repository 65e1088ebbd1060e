using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// Files on request cards (<c>POST/GET /api/requests/{ticket}/attachments</c>): the citizen attaches and downloads with the
/// ticket and access code, an operator with their sign-in; the card and the lookup list them; a wrong code is the lookup's
/// 404 and the chat's file rules hold (problem details, nothing stored). On each store.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestAttachmentTests(string storage) : ServerFixtureBase(storage)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Requests:LookupsPerMinute"] = "200" };

    private async Task<OpenedRequestDto> FiledAsync()
    {
        var response = await Server.Http.PostAsJsonAsync("api/requests",
            new { topic = "103", kind = "complaint", text = "Деньги списаны дважды", email = "anna@example.org" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<OpenedRequestDto>(TestSupport.Server.GosChatServer.Json))!;
    }

    /// <summary>An HTTP client of its own for staff, so the citizen's client never carries a staff cookie.</summary>
    private async Task<HttpClient> StaffAsync(string login)
    {
        var token = await Server.LoginAsync(login);
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Server.Url("/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static HttpRequestMessage Upload(string ticket, string? code, byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/requests/{ticket}/attachments") { Content = form };
        if (code is not null) request.Headers.Add("X-Access-Code", code);
        return request;
    }

    private static HttpRequestMessage Get(string path, string? code)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (code is not null) request.Headers.Add("X-Access-Code", code);
        return request;
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
    }

    [Test]
    public async Task Citizen_AttachesWithTheCode_OperatorSeesAndDownloadsIt_AndTheCitizenDownloadsTheOperatorsFile()
    {
        var filed = await FiledAsync();
        Server.Clock.Advance(Duration.FromMinutes(5));

        var upload = await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, Pdf, "квитанция 4417.pdf"));

        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var mine = (await upload.Content.ReadFromJsonAsync<RequestAttachmentDto>(TestSupport.Server.GosChatServer.Json))!;
        var uploadedAt = Server.Clock.GetCurrentInstant();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Id, Does.Match($"^{filed.Ticket}\\.[0-9a-f]{{32}}$"));
            Assert.That((mine.Name, mine.Size, mine.Type, mine.From, mine.At),
                Is.EqualTo(("квитанция 4417.pdf", (long)Pdf.Length, "application/pdf", "citizen", uploadedAt)));
            Assert.That(upload.Headers.Location?.ToString(), Is.EqualTo($"/api/requests/{filed.Ticket}/attachments/{mine.Id}"));
        });

        // The operator finds it on the card and downloads it with their sign-in; then attaches a file of their own.
        var op = await Operator("op103");
        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", filed.Ticket);
        Assert.That(card.Attachments, Is.EqualTo(new[] { mine }));
        using var staff = await StaffAsync("op103");
        var fromStaff = await staff.GetAsync($"api/requests/{filed.Ticket}/attachments/{mine.Id}");
        Assert.That(fromStaff.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await fromStaff.Content.ReadAsByteArrayAsync(), Is.EqualTo(Pdf));
        Assert.That(fromStaff.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(fromStaff.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(fromStaff.Headers.CacheControl?.NoStore, Is.True);

        Server.Clock.Advance(Duration.FromMinutes(5));
        var opUpload = await staff.SendAsync(Upload(filed.Ticket, null, Png, "справка.png"));
        Assert.That(opUpload.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var theirs = (await opUpload.Content.ReadFromJsonAsync<RequestAttachmentDto>(TestSupport.Server.GosChatServer.Json))!;
        Assert.That((theirs.From, theirs.Type), Is.EqualTo(("operator", "image/png")));

        // The citizen's lookup lists both, and the code downloads the operator's file.
        var seen = await (await Server.Http.SendAsync(Get($"api/requests/{filed.Ticket}", filed.AccessCode))).Content.ReadFromJsonAsync<JsonElement>();
        var listed = seen.GetProperty("attachments").EnumerateArray().Select(a => (
            a.GetProperty("id").GetString(), a.GetProperty("name").GetString(), a.GetProperty("size").GetInt64(), a.GetProperty("type").GetString(),
            a.GetProperty("from").GetString(), a.GetProperty("at").GetString())).ToList();
        Assert.That(listed, Is.EqualTo(new[]
        {
            (mine.Id, "квитанция 4417.pdf", (long)Pdf.Length, "application/pdf", "citizen", uploadedAt.ToString()),
            (theirs.Id, "справка.png", (long)Png.Length, "image/png", "operator", theirs.At.ToString()),
        }));
        var download = await Server.Http.SendAsync(Get($"api/requests/{filed.Ticket}/attachments/{theirs.Id}", filed.AccessCode));
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(Png));
        Assert.That(download.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task WrongOrMissingCode_IsTheLookups404_AndStoresNothing()
    {
        var filed = await FiledAsync();
        var good = await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, Pdf, "a.pdf"));
        var id = (await good.Content.ReadFromJsonAsync<RequestAttachmentDto>(TestSupport.Server.GosChatServer.Json))!.Id;

        foreach (var (ticket, code) in new[] { (filed.Ticket, (string?)null), (filed.Ticket, "AAAAAAAAAAAAAAAA"), ("399999999", filed.AccessCode) })
        {
            var upload = await Server.Http.SendAsync(Upload(ticket, code, Pdf, "b.pdf"));
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"upload {ticket} / {code}");
            Assert.That(await CodeOf(upload), Is.EqualTo("request_not_found"));
            var download = await Server.Http.SendAsync(Get($"api/requests/{ticket}/attachments/{id}", code));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"download {ticket} / {code}");
            Assert.That(await CodeOf(download), Is.EqualTo("request_not_found"));
        }
        var unlisted = await Server.Http.SendAsync(Get($"api/requests/{filed.Ticket}/attachments/{filed.Ticket}.{new string('0', 32)}", filed.AccessCode));
        Assert.That(unlisted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await CodeOf(unlisted), Is.EqualTo("attachment_not_found"));

        var op = await Operator("op103");
        Assert.That((await op.InvokeAsync<RequestCardDto>("GetRequest", filed.Ticket)).Attachments.Select(a => a.Id), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task SizeTypeAndClosedRequest_AreProblemDetails_AndNothingIsListed()
    {
        var filed = await FiledAsync();
        var big = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);

        foreach (var (bytes, name, status, code) in new[]
                 {
                     (big, "big.pdf", HttpStatusCode.RequestEntityTooLarge, "file_too_large"),
                     (Png, "photo.pdf", HttpStatusCode.UnsupportedMediaType, "file_type_mismatch"),
                     ("MZ\u0090\0"u8.ToArray(), "run.exe", HttpStatusCode.UnsupportedMediaType, "unsupported_file_type"),
                     (Array.Empty<byte>(), "empty.pdf", HttpStatusCode.BadRequest, "empty_file"),
                 })
        {
            var response = await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, bytes, name));
            Assert.That(response.StatusCode, Is.EqualTo(status), name);
            Assert.That(await CodeOf(response), Is.EqualTo(code), name);
        }

        var op = await Operator("op103");
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", filed.Ticket, "resolved");
        var closed = await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, Pdf, "late.pdf"));
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await CodeOf(closed), Is.EqualTo("request_closed"));

        var seen = await (await Server.Http.SendAsync(Get($"api/requests/{filed.Ticket}", filed.AccessCode))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(seen.GetProperty("attachments").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Citizen_MayAttachTenFiles_ToOneRequest()
    {
        var filed = await FiledAsync();
        for (var i = 0; i < 10; i++)
            Assert.That((await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, Png, $"p{i}.png"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var eleventh = await Server.Http.SendAsync(Upload(filed.Ticket, filed.AccessCode, Png, "p10.png"));

        Assert.That(eleventh.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await CodeOf(eleventh), Is.EqualTo("too_many_files"));
    }
}
