using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Domain.Requests;
using GosChat.Server.Notifications;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// A written request filed out of hours from the widget's form (<c>POST /api/requests</c>): no chat, no operator; a
/// ticket and access code at once, the <c>form</c> deadline in working time, the text on the card; an operator takes it
/// on later by ticket. Bad input files nothing.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class WrittenRequestTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Requests:FilingsPerMinute"] = "3" };

    private Task<HttpResponseMessage> FileAsync(object body) => Server.Http.PostAsJsonAsync("api/requests", body);

    [Test]
    public async Task OutOfHours_TheFormFilesARequest_WithTicketCodeAndTheFormDeadline_AndAnOperatorTakesItOn()
    {
        // Monday 21:00 Moscow: chat is closed until Tuesday 08:00.
        Server.Clock.Advance(Duration.FromHours(11));

        var response = await FileAsync(new
        {
            topic = "103", kind = "complaint", text = "Деньги списаны дважды за пошлину", language = "ru",
            name = "Анна", email = "anna@example.org",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var filed = (await response.Content.ReadFromJsonAsync<OpenedRequestDto>(TestSupport.Server.GosChatServer.Json))!;
        Assert.Multiple(() =>
        {
            Assert.That(filed.Ticket, Does.Match("^2[0-9]{8}$"), "the complaint digit, a sequence of its own");
            Assert.That(filed.AccessCode, Does.Match("^[A-Z2-9]{16}$"));
            Assert.That(filed.Status, Is.EqualTo("received"));
            // 48 working hours on Mon–Fri 08:00–20:00 from Monday 21:00: Tuesday to Friday, due Friday 20:00 Moscow.
            Assert.That(filed.DueAt, Is.EqualTo(Start + Duration.FromDays(4) + Duration.FromHours(10)));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/requests/{filed.Ticket}"));
        });

        var lookup = new HttpRequestMessage(HttpMethod.Get, $"api/requests/{filed.Ticket}");
        lookup.Headers.Add("X-Access-Code", filed.AccessCode);
        var seen = await (await Server.Http.SendAsync(lookup)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(seen.GetProperty("replies")[0].GetProperty("text").GetString(), Is.EqualTo("Деньги списаны дважды за пошлину"));

        await Eventually.AssertAsync(() => Task.FromResult(Server.Services.GetRequiredService<OutboxNotificationSender>().Sent
            .Any(n => n.Reference == filed.Ticket && n.Purpose == RequestNotices.OpenedPurpose && n.Code == filed.AccessCode)),
            "the ticket and code are also sent to the e-mail given");

        // The next morning an operator opens it by ticket, answers, and follows it from then on.
        Server.Clock.Advance(Duration.FromHours(12));
        var op = await Operator("op103");
        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", filed.Ticket);
        Assert.Multiple(() =>
        {
            Assert.That(card.DeadlineClass, Is.EqualTo("form"));
            Assert.That(card.Queue, Is.EqualTo("103"));
            Assert.That(card.SessionIds, Is.Empty);
            Assert.That(card.AssigneeId, Is.Empty);
            Assert.That(card.Replies.Single().By, Is.EqualTo("citizen"));
            Assert.That(card.Email, Is.EqualTo("anna@example.org"));
        });
        card = await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", filed.Ticket, "Второй платёж вернётся за 5 дней.");
        Assert.That(card.AssigneeId, Is.EqualTo("op103"));
    }

    [TestCase("""{"text":"Помогите","phone":null,"email":null}""", "contact_required")]
    [TestCase("""{"text":"  ","email":"a@example.org"}""", "empty_text")]
    [TestCase("""{"text":"Помогите","topic":"109","email":"a@example.org"}""", "unknown_queue")]
    [TestCase("""{"text":"Помогите","kind":"wish","email":"a@example.org"}""", "unknown_kind")]
    [TestCase("""{"text":"Помогите","email":"not-an-address"}""", "bad_email")]
    public async Task BadInput_IsA400Problem_AndFilesNothing(string body, string code)
    {
        var response = await Server.Http.PostAsync("api/requests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo(code));
        Assert.That(Server.Services.GetRequiredService<OutboxNotificationSender>().Sent, Is.Empty, "nothing filed, nothing sent");
    }

    [Test]
    public async Task Filings_AreLimitedPerAddress()
    {
        for (var i = 0; i < 3; i++)
            Assert.That((await FileAsync(new { text = "Вопрос " + i, phone = "+7 926 111-22-33" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await FileAsync(new { text = "ещё", phone = "+7 926 111-22-33" })).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
