using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Citizens;
using GosChat.Server.Hubs;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Chat;

/// <summary>
/// The operator sees a citizen's earlier sessions (GetCitizenHistory) only when someone vouched for who the citizen
/// is: the caller number the telephony platform reports, or a user id the host site signed. A typed phone links
/// nothing. On each store.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class CitizenHistoryTests(string storage) : ServerFixtureBase(storage)
{
    private const string Portal = "https://portal.example";
    private const string Strict = "https://strict.example";
    private const string PortalSecret = "the portal's own secret for signing users, 32+";
    private const string StrictSecret = "the strict site's secret for signing its users";
    private const string ApiKey = "history-test-ivr-key";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Ivr:ApiKeys:0"] = ApiKey,
        ["GosChat:AllowedOrigins:0"] = Portal,
        ["GosChat:AllowedOrigins:1"] = Strict,
        ["GosChat:CitizenIdentity:Sites:0:Id"] = "portal",
        ["GosChat:CitizenIdentity:Sites:0:Origins:0"] = Portal,
        ["GosChat:CitizenIdentity:Sites:0:Secret"] = PortalSecret,
        ["GosChat:CitizenIdentity:Sites:1:Id"] = "strict",
        ["GosChat:CitizenIdentity:Sites:1:Origins:0"] = Strict,
        ["GosChat:CitizenIdentity:Sites:1:Secret"] = StrictSecret,
        ["GosChat:CitizenIdentity:Sites:1:RequireSignedUser"] = "true",
        // The attack below opens 57 sessions from one address.
        ["GosChat:Limits:StartSessionPerConnection:Limit"] = "100",
        ["GosChat:Limits:StartSessionPerAddress:Limit"] = "100",
    };

    private static StartSessionRequest Request(string text, string? phone, SignedUser? user = null) =>
        new("101", text, "ru", null, "Иван", phone, null, null, user);

    /// <summary>What the host site does on its server (docs/widget.md): HMAC-SHA256, lower-case hex.</summary>
    private static string Sign(string secret, string origin, string userId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"goschat-user-v1\n{origin}\n{userId}\n{expires}")));

    private long InAnHour => Server.Clock.GetCurrentInstant().ToUnixTimeSeconds() + 3600;

    private SignedUser Signed(string userId, string origin = Portal, string secret = PortalSecret, long? expires = null)
    {
        var until = expires ?? InAnHour;
        return new SignedUser(userId, until.ToString(), Sign(secret, origin, userId, until));
    }

    /// <summary>A citizen connection as a browser on <paramref name="origin"/> opens it.</summary>
    private async Task<HubConnection> CitizenOn(string origin)
    {
        return await HubClients.ConnectAsync(Server.Url("hubs/chat"), configure: o => o.Headers["Origin"] = origin,
            configureBuilder: b => b.AddJsonProtocol(j => GosChat.Domain.Serialization.DomainJson.Configure(j.PayloadSerializerOptions)));
    }

    private async Task<(HubConnection Op, Inbox<OfferDto> Offers)> Op101() => await AvailableOperator("op101");

    private static async Task<SessionSnapshotDto> AcceptAsync(HubConnection op, Inbox<OfferDto> offers, string sessionId) =>
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == sessionId)).OfferId);

    private static async Task<List<string>> HistoryAsync(HubConnection op, string sessionId) =>
        (await op.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", sessionId)).Select(h => h.SessionId).ToList();

    private async Task<string> CallAsync(string callId, string caller)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/ivr/calls")
        {
            Content = JsonContent.Create(new { callId, caller, dialed = "101" }),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        (await Server.Http.SendAsync(request)).EnsureSuccessStatusCode();
        return (await Server.Centre.Store.GetSessionAsync((await Server.Centre.Store.FindSessionByCallIdAsync(callId))!))!.Id;
    }

    [Test]
    public async Task SignedInUser_SeesTheirEarlierSession_OthersDoNot()
    {
        var (op, offers) = await Op101();
        var first = await CitizenOn(Portal);
        var earlier = await first.InvokeAsync<SessionStartedDto>("StartSession", Request("Не могу войти в личный кабинет", "+7 (916) 555-12-34", Signed("user-42")));
        await AcceptAsync(op, offers, earlier.SessionId);
        await op.InvokeAsync<SendResult>("SendMessage", earlier.SessionId, "Сбросьте пароль по ссылке «Забыли пароль?»", "op-1");
        await op.InvokeAsync("CloseSession", earlier.SessionId, "Пароль восстановлен");
        await first.DisposeAsync();
        Server.Clock.AdvanceSeconds(3600);

        // The same user again, without typing a phone at all.
        await using var second = await CitizenOn(Portal);
        var now = await second.InvokeAsync<SessionStartedDto>("StartSession", Request("Снова не могу войти", null, Signed("user-42")));
        await AcceptAsync(op, offers, now.SessionId);
        var history = await op.InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", now.SessionId);
        Assert.That(history.Select(h => h.SessionId), Is.EqualTo(new[] { earlier.SessionId }));
        Assert.Multiple(() =>
        {
            Assert.That(history[0].Resolution, Is.EqualTo("Пароль восстановлен"));
            Assert.That(history[0].Messages.Select(m => m.Text), Does.Contain("Сбросьте пароль по ссылке «Забыли пароль?»"));
        });

        // Another user of the same site who types the first user's phone sees nothing of theirs.
        await using var third = await CitizenOn(Portal);
        var other = await third.InvokeAsync<SessionStartedDto>("StartSession", Request("Вопрос", "+7 (916) 555-12-34", Signed("user-43")));
        await AcceptAsync(op, offers, other.SessionId);
        Assert.That(await HistoryAsync(op, other.SessionId), Is.Empty);

        var refused = Assert.ThrowsAsync<HubException>(async () => await (await Operator("op102")).InvokeAsync<List<CitizenHistoryItemDto>>("GetCitizenHistory", now.SessionId));
        Assert.That(refused!.Message, Does.Contain("HubException: not_your_session:"));
    }

    [Test]
    public async Task CallerNumberReportedByTheTelephonyPlatform_LinksTheCallersCalls()
    {
        var (op, offers) = await Op101();
        var first = await CallAsync("call-1", "+7 (916) 555-12-34");
        await AcceptAsync(op, offers, first);
        await op.InvokeAsync("CloseSession", first, "Консультация");
        Server.Clock.AdvanceSeconds(3600);

        var second = await CallAsync("call-2", "8 916 555 12 34");
        await AcceptAsync(op, offers, second);
        Assert.That(await HistoryAsync(op, second), Is.EqualTo(new[] { first }));
    }

    /// <summary>Issue 10, item 5: a second anonymous visitor types the victim's number.</summary>
    [Test]
    public async Task AStrangerTypingTheVictimsNumber_SeesNoHistory_And55FakesCannotPushTheRealOneOut()
    {
        var (op, offers) = await Op101();
        var victim = await CallAsync("victim-1", "+7 926 111-22-33");
        await AcceptAsync(op, offers, victim);
        await op.InvokeAsync("CloseSession", victim, "ИНН и номер карты проверены");
        Server.Clock.AdvanceSeconds(60);

        foreach (var typed in new[] { "8 926 111 22 33", "+7 926 111-22-33" })
        {
            var stranger = await Citizen();
            var started = await stranger.InvokeAsync<SessionStartedDto>("StartSession", Request("Покажите мою историю", typed));
            var snapshot = await AcceptAsync(op, offers, started.SessionId);
            Assert.That(snapshot.Phone, Is.EqualTo(typed), "the operator still sees the phone typed in this session");
            Assert.That(await HistoryAsync(op, started.SessionId), Is.Empty);
            await op.InvokeAsync("CloseSession", started.SessionId, "—");
        }

        var flooder = await Citizen();
        for (var i = 0; i < 55; i++)
        {
            await flooder.InvokeAsync<SessionStartedDto>("StartSession", Request("fake " + i, i % 2 == 0 ? "8 926 111 22 33" : "+7 926 111-22-33"));
            await flooder.InvokeAsync("CloseSession");
            Server.Clock.AdvanceSeconds(1);
        }

        var again = await CallAsync("victim-2", "89261112233");
        await AcceptAsync(op, offers, again);
        Assert.That(await HistoryAsync(op, again), Is.EqualTo(new[] { victim }));
    }

    [TestCase("tampered id", "bad_user_signature")]
    [TestCase("wrong secret", "bad_user_signature")]
    [TestCase("signed for another site", "bad_user_signature")]
    [TestCase("not from a browser page", "bad_user_signature")]
    [TestCase("expired", "user_signature_expired")]
    [TestCase("expires too far ahead", "bad_user_signature")]
    [TestCase("malformed signature", "bad_user_signature")]
    public async Task BadSignedUser_IsRefused_AndStartsNothing(string attack, string code)
    {
        var now = Server.Clock.GetCurrentInstant().ToUnixTimeSeconds();
        var origin = Portal;
        var user = attack switch
        {
            "tampered id" => Signed("user-42") with { Id = "user-1" },
            "wrong secret" => Signed("user-42", secret: "a secret somebody guessed, 32 characters long"),
            // A signature the strict site made, replayed on the portal's page.
            "signed for another site" => Signed("user-42", origin: Strict, secret: StrictSecret),
            "not from a browser page" => Signed("user-42"),
            "expired" => Signed("user-42", expires: now - 1),
            "expires too far ahead" => Signed("user-42", expires: now + 3 * 86400),
            "malformed signature" => Signed("user-42") with { Signature = "not hex" },
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        await using var citizen = attack == "not from a browser page" ? await Server.CitizenAsync() : await CitizenOn(origin);

        var refused = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Здравствуйте", null, user)));
        Assert.That(refused!.Message, Does.Contain($"HubException: {code}:"));
        var snapshot = await Server.Centre.Store.LoadSnapshotAsync();
        Assert.That(snapshot.Waiting, Is.Empty, "a refused start changes nothing");
    }

    [Test]
    public async Task SiteThatRequiresSignedUsers_RefusesUnsignedStarts()
    {
        await using var citizen = await CitizenOn(Strict);
        var refused = Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Здравствуйте", "+7 916 555-12-34")));
        Assert.That(refused!.Message, Does.Contain("HubException: signed_user_required:"));

        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Здравствуйте", null, Signed("u-7", Strict, StrictSecret)));
        Assert.That(started.SessionId, Is.Not.Empty);

        // The portal does not require it: an anonymous start there works and links nothing.
        await using var anonymous = await CitizenOn(Portal);
        Assert.That((await anonymous.InvokeAsync<SessionStartedDto>("StartSession", Request("Здравствуйте", null))).SessionId, Is.Not.Empty);
    }

    [Test]
    public async Task SessionWithoutAVerifiedIdentity_HasAnEmptyHistory()
    {
        var (op, offers) = await Op101();
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Вопрос без телефона", null));
        await AcceptAsync(op, offers, started.SessionId);
        Assert.That(await HistoryAsync(op, started.SessionId), Is.Empty);
    }
}
