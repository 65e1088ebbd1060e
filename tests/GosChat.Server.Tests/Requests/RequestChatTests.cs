using GosChat.Domain.Requests;
using GosChat.Server.Hubs;
using GosChat.Server.Notifications;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// Requests continued in chat: the citizen starts a chat with the request's ticket and code (StartSession's
/// <c>continueRequest</c>) — checked before anything is created, linked to the card, a waiting request in progress again
/// with its reminder gone, the offer and the accepted chat naming the request — and an operator links the chat they hold
/// to a request found by ticket (<c>LinkRequest</c>). On each store.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestChatTests(string storage) : ServerFixtureBase(storage)
{
    private static StartSessionRequest Start(string text, ContinueRequestDto? continues = null) =>
        new("103", text, "ru", null, null, null, null, null, null, ContinueRequest: continues);

    /// <summary>A request opened from a first chat, closed, and waiting on the citizen; the operator is available again.</summary>
    private async Task<(HubConnection Op, Inbox<OfferDto> Offers, OpenedRequestDto Opened, SessionStartedDto First)> WaitingRequestAsync()
    {
        var (op, offers) = await AvailableOperator("op103");
        var citizen = await Citizen();
        var first = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Start("Платёж не прошёл"));
        var offer = await offers.WaitAsync(o => o.SessionId == first.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        var opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", first.SessionId, new OpenRequestDto(null, null, null));
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "waitingForCitizen");
        await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "Пришлите номер квитанции.");
        await op.InvokeAsync("CloseSession", first.SessionId, "Открыто обращение");
        return (op, offers, opened, first);
    }

    private IReadOnlyList<Domain.Ports.Notification> Outbox(string ticket, string purpose) =>
        Server.Services.GetRequiredService<OutboxNotificationSender>().Sent.Where(n => n.Reference == ticket && n.Purpose == purpose).ToList();

    [Test]
    public async Task ChatWithTicketAndCode_IsLinked_TheWaitingRequestIsInProgress_AndTheOperatorGetsTheCardWithTheOffer()
    {
        var (op, offers, opened, first) = await WaitingRequestAsync();
        var told = op.Inbox<RequestRepliedDto>("RequestReplied");
        Server.Clock.Advance(Duration.FromHours(3));

        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            Start("Квитанция 4417", new ContinueRequestDto(opened.Ticket, opened.AccessCode.ToLowerInvariant())));

        var now = Server.Clock.GetCurrentInstant();
        Assert.That(started.Ticket, Is.Not.EqualTo(first.Ticket), "a chat of its own, with its own ticket");
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(offer.RequestTicket, Is.EqualTo(opened.Ticket));
        var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        Assert.That(snapshot.RequestTicket, Is.EqualTo(opened.Ticket));

        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.Multiple(() =>
        {
            Assert.That(card.SessionIds, Is.EqualTo(new[] { first.SessionId, started.SessionId }));
            Assert.That(card.Status, Is.EqualTo("inProgress"));
            Assert.That(card.History[^1], Is.EqualTo(new RequestStatusChangeDto("inProgress", "citizen", now)));
        });
        Assert.That(await told.WaitAsync(), Is.EqualTo(new RequestRepliedDto(opened.Ticket, "inProgress", now)));

        // The wait ended: no reminder comes 48 hours after it began.
        await Server.AdvanceAsync(Duration.FromHours(48));
        Assert.That(Outbox(opened.Ticket, RequestNotices.ReminderPurpose), Is.Empty);
    }

    [Test]
    public async Task WrongCode_IsAHubError_AndCreatesNothing()
    {
        var (op, offers, opened, first) = await WaitingRequestAsync();
        var citizen = await Citizen();

        foreach (var continues in new[]
                 {
                     new ContinueRequestDto(opened.Ticket, "AAAAAAAAAAAAAAAA"), new ContinueRequestDto(opened.Ticket, null),
                     new ContinueRequestDto("399999999", opened.AccessCode),
                 })
        {
            var error = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession", Start("Квитанция", continues)));
            Assert.That(error!.Message, Does.Contain("HubException: request_not_found:"));
        }

        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.That(card.SessionIds, Is.EqualTo(new[] { first.SessionId }));
        Assert.That(card.Status, Is.EqualTo("waitingForCitizen"));
        // No session and no ticket number were taken: the next chat gets the next number and is the only new offer.
        var next = await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession", Start("Другой вопрос"));
        Assert.That(long.Parse(next.Ticket[1..]), Is.EqualTo(long.Parse(first.Ticket[1..]) + 1));
        await offers.WaitAsync(o => o.SessionId == next.SessionId);
        Assert.That(offers.All.Select(o => o.SessionId), Is.EqualTo(new[] { first.SessionId, next.SessionId }));
    }

    [Test]
    public async Task ChatWithTheCode_OnARequestNotWaiting_IsLinked_AndItsStatusStays()
    {
        var (op, offers, opened, first) = await WaitingRequestAsync();
        await op.InvokeAsync<RequestCardDto>("SetRequestStatus", opened.Ticket, "inProgress");

        var started = await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession",
            Start("Как дела с обращением?", new ContinueRequestDto(opened.Ticket, opened.AccessCode)));

        var card = await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket);
        Assert.That(card.SessionIds, Is.EqualTo(new[] { first.SessionId, started.SessionId }));
        Assert.That(card.History.Count(h => h.By == "citizen"), Is.Zero);
    }

    [Test]
    public async Task Operator_LinksTheChatTheyHold_ToARequestByTicket_OthersAndUnknownTicketsAreRefused()
    {
        var (op, offers, opened, first) = await WaitingRequestAsync();
        var citizen = await Citizen();
        var second = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Start("Я по обращению " + opened.Ticket));
        var offer = await offers.WaitAsync(o => o.SessionId == second.SessionId);
        Assert.That(offer.RequestTicket, Is.Null);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);

        var other = await Operator("op101");
        var notYours = Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<RequestCardDto>("LinkRequest", second.SessionId, opened.Ticket));
        Assert.That(notYours!.Message, Does.Contain("HubException: not_your_session:"));
        foreach (var (ticket, code) in new[] { ("399999999", "request_not_found"), ("12", "bad_ticket") })
        {
            var error = Assert.ThrowsAsync<HubException>(() => op.InvokeAsync<RequestCardDto>("LinkRequest", second.SessionId, ticket));
            Assert.That(error!.Message, Does.Contain($"HubException: {code}:"));
        }
        Assert.That((await op.InvokeAsync<RequestCardDto>("GetRequest", opened.Ticket)).SessionIds, Is.EqualTo(new[] { first.SessionId }));

        var card = await op.InvokeAsync<RequestCardDto>("LinkRequest", second.SessionId, opened.Ticket);

        Assert.That(card.Ticket, Is.EqualTo(opened.Ticket));
        Assert.That(card.SessionIds, Is.EqualTo(new[] { first.SessionId, second.SessionId }));
        Assert.That(card.Status, Is.EqualTo("waitingForCitizen"), "linking is not a reply");
        var again = await op.InvokeAsync<RequestCardDto>("LinkRequest", second.SessionId, opened.Ticket);
        Assert.That(again.SessionIds, Is.EqualTo(new[] { first.SessionId, second.SessionId }), "once");
    }
}
