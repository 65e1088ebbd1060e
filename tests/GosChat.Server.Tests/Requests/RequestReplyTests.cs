using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// The citizen's reply to a request waiting on them, through <c>POST /api/requests/{ticket}/replies</c> with the access
/// code: stored on the card, the request back in progress, the assignee told; refused (and nothing changed) with a wrong
/// code, in another status, or with an empty text.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestReplyTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Requests:LookupsPerMinute"] = "20" };

    private async Task<(HubConnection Op, OpenedRequestDto Opened)> OpenedRequestAsync()
    {
        var (op, offers) = await AvailableOperator("op103");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("103", "Платёж не прошёл", "ru", null, "Анна", null, null, null));
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto(null, null, null));
        return (op, opened);
    }

    private Task<HttpResponseMessage> ReplyAsync(string ticket, string? code, string? text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/requests/{ticket}/replies") { Content = JsonContent.Create(new { text }) };
        if (code is not null) request.Headers.Add("X-Access-Code", code);
        return Server.Http.SendAsync(request);
    }

    [Test]
    public async Task Citizen_RepliesWithTheCode_RequestIsInProgressAgain_AndTheAssigneeIsTold()
    {
        var (op, opened) = await OpenedRequestAsync();
        var told = op.Inbox<RequestRepliedDto>("RequestReplied");
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Пришлите номер квитанции.");
        Server.Clock.Advance(Duration.FromHours(2));

        var response = await ReplyAsync(opened.Ticket, opened.AccessCode, "  Квитанция 4417  ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var now = Server.Clock.GetCurrentInstant();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("inProgress"));
            Assert.That(body.GetProperty("replies")[0].GetProperty("text").GetString(), Is.EqualTo("Квитанция 4417"));
            Assert.That(body.GetProperty("replies")[0].GetProperty("at").GetString(), Is.EqualTo(now.ToString()));
            Assert.That(body.GetProperty("answers")[0].GetProperty("text").GetString(), Is.EqualTo("Пришлите номер квитанции."));
        });
        Assert.That(await told.WaitAsync(), Is.EqualTo(new RequestRepliedDto(opened.Ticket, "inProgress", now)));

        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.Multiple(() =>
        {
            Assert.That(card.Status, Is.EqualTo("inProgress"));
            Assert.That(card.Replies.Single(), Is.EqualTo(new RequestEntryDto(now, "citizen", "Квитанция 4417")));
            Assert.That(card.History[^1], Is.EqualTo(new RequestStatusChangeDto("inProgress", "citizen", now)));
        });

        // The lookup shows the reply too.
        var lookup = new HttpRequestMessage(HttpMethod.Get, $"api/requests/{opened.Ticket}");
        lookup.Headers.Add("X-Access-Code", opened.AccessCode);
        var seen = await (await Server.Http.SendAsync(lookup)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(seen.GetProperty("replies").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task WrongCode_OtherStatus_OrEmptyText_IsAProblem_AndChangesNothing()
    {
        var (op, opened) = await OpenedRequestAsync();

        var notWaiting = await ReplyAsync(opened.Ticket, opened.AccessCode, "hello");
        Assert.That(notWaiting.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(notWaiting.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await notWaiting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("request_not_waiting"));

        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        var unknown = await ReplyAsync("399999999", opened.AccessCode, "hello");
        var unknownDetail = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        foreach (var (ticket, code) in new[]
                 {
                     (opened.Ticket, (string?)null), (opened.Ticket, "AAAAAAAAAAAAAAAA"), ("1" + opened.Ticket[1..], opened.AccessCode),
                 })
        {
            var response = await ReplyAsync(ticket, code, "hello");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{ticket} / {code}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("request_not_found"));
            Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(unknownDetail), "a wrong code tells nothing more than an unknown ticket");
        }

        var empty = await ReplyAsync(opened.Ticket, opened.AccessCode, "   ");
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("empty_text"));

        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.That(card.Status, Is.EqualTo("waitingForCitizen"));
        Assert.That(card.Replies, Is.Empty);
    }

    [Test]
    public async Task Replies_CountAgainstTheLookupLimit()
    {
        var (op, opened) = await OpenedRequestAsync();
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");

        for (var i = 0; i < 20; i++)
            Assert.That((await ReplyAsync(opened.Ticket, "WRONGWRONGWRONG" + i % 10, "x")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ReplyAsync(opened.Ticket, opened.AccessCode, "x")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket)).Replies, Is.Empty);
    }
}
