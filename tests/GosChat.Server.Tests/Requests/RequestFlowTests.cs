using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// A chat turned into a request through the real server: the operator opens it, the citizen's connection gets ticket
/// and code, the citizen reads it over HTTP with the code (and only with it), and the operator's changes show there.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestFlowTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Requests:LookupsPerMinute"] = "20" };

    private sealed record Chat(HubConnection Operator, HubConnection Citizen, SessionStartedDto Started, Inbox<RequestOpenedDto> Opened);

    private async Task<Chat> ActiveChatAsync(string text = "Платёж не прошёл, деньги списаны")
    {
        var (op, offers) = await AvailableOperator("op103");
        var citizen = await Citizen();
        var opened = citizen.Inbox<RequestOpenedDto>("RequestOpened");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("103", text, "ru", null, "Анна", "+7 926 555-44-33", null, null));
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        return new Chat(op, citizen, started, opened);
    }

    private Task<HttpResponseMessage> LookupAsync(string ticket, string? code)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/requests/{ticket}");
        if (code is not null) request.Headers.Add("X-Access-Code", code);
        return Server.Http.SendAsync(request);
    }

    [Test]
    public async Task OperatorOpensARequestFromTheChat_CitizenGetsTicketAndCode_AndReadsItByHttp()
    {
        var chat = await ActiveChatAsync();

        var opened = await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId,
            new OpenRequestDto("complaint", "standard", "Списание без зачисления, проверить в банке"));

        Assert.Multiple(() =>
        {
            Assert.That(opened.Ticket, Is.EqualTo("2" + chat.Started.Ticket[1..]), "the session's sequence, the complaint digit");
            Assert.That(opened.Status, Is.EqualTo("received"));
            Assert.That(opened.AccessCode, Does.Match("^[A-Z2-9]{16}$"));
            // Monday 10:00 Moscow + 24 working hours on Mon–Fri 08:00–20:00: 10 on Monday, 12 on Tuesday, 2 on Wednesday.
            Assert.That(opened.DueAt, Is.EqualTo(Start + Duration.FromDays(2)));
        });
        var pushed = await chat.Opened.WaitAsync();
        Assert.That(pushed, Is.EqualTo(new RequestOpenedDto(opened.Ticket, opened.AccessCode, opened.DueAt)));

        var response = await LookupAsync(opened.Ticket, opened.AccessCode);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("ticket").GetString(), Is.EqualTo(opened.Ticket));
            Assert.That(body.GetProperty("kind").GetString(), Is.EqualTo("complaint"));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("received"));
            Assert.That(body.GetProperty("dueAt").GetString(), Is.EqualTo(opened.DueAt.ToString()));
            Assert.That(body.GetProperty("answers").GetArrayLength(), Is.Zero);
            Assert.That(body.ToString(), Does.Not.Contain("проверить в банке"), "internal notes stay internal");
        });
    }

    [Test]
    public async Task WrongOrMissingCode_Is404_TheSameAsAnUnknownTicket()
    {
        var chat = await ActiveChatAsync();
        var opened = await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(null, null, null));

        var unknown = await LookupAsync("399999999", opened.AccessCode);
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var (ticket, code) in new[]
                 {
                     (opened.Ticket, (string?)null), (opened.Ticket, ""), (opened.Ticket, "AAAAAAAAAAAAAAAA"),
                     (opened.Ticket, opened.AccessCode[..15]), ("1" + opened.Ticket[1..], opened.AccessCode), ("12", opened.AccessCode),
                 })
        {
            var response = await LookupAsync(ticket, code);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{ticket} / {code}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(unknown.Content.Headers.ContentType?.MediaType));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("request_not_found"));
            Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(unknownProblem.GetProperty("detail").GetString()));
        }
        Assert.That((await LookupAsync(opened.Ticket, opened.AccessCode.ToLowerInvariant())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task StatusChangesAndAnswers_ShowInTheLookup_NotesDoNot()
    {
        var chat = await ActiveChatAsync();
        var opened = await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto("question", "tech48", null));
        await chat.Operator.InvokeAsync("CloseSession", chat.Started.SessionId, "request opened");

        // Another operator continues the request the next day.
        Server.Clock.Advance(Duration.FromDays(1));
        var other = await Operator("op101");
        await other.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "inProgress");
        await other.InvokeAsync<RequestCardDto>("AddRequestNote", opened.Ticket, "банк подтвердил возврат");
        var card = await other.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Деньги вернутся на карту за 3 дня.");

        Assert.Multiple(() =>
        {
            Assert.That(card.Status, Is.EqualTo("inProgress"));
            Assert.That(card.History.Select(h => (h.Status, h.By)), Is.EqualTo(new[] { ("received", "op103"), ("inProgress", "op101") }));
            Assert.That(card.Notes.Single().Text, Is.EqualTo("банк подтвердил возврат"));
            Assert.That(card.SessionIds, Is.EqualTo(new[] { chat.Started.SessionId }));
            Assert.That(card.Phone, Is.EqualTo("+7 926 555-44-33"));
            Assert.That(card.DeadlineClass, Is.EqualTo("tech48"));
        });

        var body = await (await LookupAsync(opened.Ticket, opened.AccessCode)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("inProgress"));
        var answer = body.GetProperty("answers").EnumerateArray().Single();
        Assert.That(answer.GetProperty("text").GetString(), Is.EqualTo("Деньги вернутся на карту за 3 дня."));
        Assert.That(answer.GetProperty("at").GetString(), Is.EqualTo(Server.Clock.GetCurrentInstant().ToString()));
        Assert.That(body.ToString(), Does.Not.Contain("банк подтвердил"));

        await other.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "resolved");
        body = await (await LookupAsync(opened.Ticket, opened.AccessCode)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("resolved"));
    }

    [TestCase("wish", null, null, "unknown_kind")]
    [TestCase(null, "tech96", null, "bad_deadline_class")]
    [TestCase(null, null, "", "empty_text")]
    public async Task OpenRequest_WithBadInput_IsAHubError_AndOpensNothing(string? kind, string? deadlineClass, string? note, string code)
    {
        var chat = await ActiveChatAsync();

        var error = Assert.ThrowsAsync<HubException>(() =>
            chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(kind, deadlineClass, note)));

        Assert.That(error!.Message, Does.Contain("HubException: " + code + ":"));
        var lookup = Assert.ThrowsAsync<HubException>(() => chat.Operator.InvokeAsync<RequestCardDto>("GetRequest", chat.Started.Ticket));
        Assert.That(lookup!.Message, Does.Contain("request_not_found:"));
        Assert.That(chat.Opened.All, Is.Empty);
        // Input fixed, the same chat opens its request.
        await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(null, null, null));
    }

    [Test]
    public async Task OpenRequest_ForAnotherOperatorsChat_IsRefused_AndASecondRequestToo()
    {
        var chat = await ActiveChatAsync();
        var stranger = await Operator("op101");

        var error = Assert.ThrowsAsync<HubException>(() =>
            stranger.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(null, null, null)));
        Assert.That(error!.Message, Does.Contain("not_your_session:"));

        await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(null, null, null));
        var again = Assert.ThrowsAsync<HubException>(() =>
            chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto("complaint", null, null)));
        Assert.That(again!.Message, Does.Contain("request_exists:"));
    }

    [Test]
    public async Task Lookups_AreLimitedPerAddress_RightCodeOrWrong()
    {
        var chat = await ActiveChatAsync();
        var opened = await chat.Operator.InvokeAsync<OpenedRequestDto>("OpenRequest", chat.Started.SessionId, new OpenRequestDto(null, null, null));

        for (var i = 0; i < 19; i++)
            Assert.That((await LookupAsync(opened.Ticket, "WRONGWRONGWRONG" + i % 10)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await LookupAsync(opened.Ticket, opened.AccessCode)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LookupAsync(opened.Ticket, opened.AccessCode)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        Server.Clock.Advance(Duration.FromMinutes(1));
        Assert.That((await LookupAsync(opened.Ticket, opened.AccessCode)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
