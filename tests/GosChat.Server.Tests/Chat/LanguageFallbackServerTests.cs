using GosChat.Domain.Messages;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Chat;

/// <summary>A Tatar chat with only Russian-speaking operators on duty is answered in Russian after the fallback wait.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class LanguageFallbackServerTests(string storage) : ServerFixtureBase(storage)
{
    /// <summary>A second Russian-only operator of queue 101, beside the demo accounts.</summary>
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Operators:0:Login"] = "interpreter101",
        ["Operators:0:Name"] = "Зоя (переводчик)",
        ["Operators:0:PasswordHash"] = GosChat.Server.Auth.OperatorDirectory.HashPassword("demo"),
        ["Operators:0:Queues:0"] = "101",
        ["Operators:0:Languages:0"] = "ru",
    };

    [Test]
    public async Task TatarChat_IsAnsweredByARussianOperator_AfterTheWait_WithTheCitizenToldInTatar()
    {
        var (op, offers) = await AvailableOperator("op101"); // speaks ru and en
        var citizen = await Citizen();
        var messages = citizen.Inbox<MessageDto>("Message");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Исәнмесез, кодны ала алмыйм", "tt", null, null, null, null, null));
        Assert.That(started.State, Is.EqualTo("queued"));

        Server.Clock.AdvanceSeconds(59);
        await Server.Centre.Dispatcher.SweepAsync();
        Assert.That(offers.All.Where(o => o.SessionId == started.SessionId), Is.Empty, "before the wait nobody is offered it");

        Server.Clock.AdvanceSeconds(1);

        var told = await messages.WaitAsync(m => m.From == "system" && m.SessionId == started.SessionId);
        Assert.That(told.Text, Is.EqualTo(SystemTexts.LanguageFallback("tt", "ru")));
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(offer.Language, Is.EqualTo("tt"));
        Assert.That(offer.FallbackLanguage, Is.EqualTo("ru"));
        var snapshot = await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        Assert.That(snapshot.Messages.Select(m => m.Text), Does.Contain(told.Text), "the operator sees what the citizen was told");
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Здравствуйте! Отвечу на русском.", "op-1");
        var reply = await messages.WaitAsync(m => m.From == "operator");
        Assert.That(reply.Text, Is.EqualTo("Здравствуйте! Отвечу на русском."));
    }

    [Test]
    public async Task SetInterpreter_MarksTheOperatorAsInterpreterTier_AndIsPreferredForAFallenBackChat()
    {
        var (plain, plainOffers) = await AvailableOperator("op101");
        var (interpreter, interpreterOffers) = await AvailableOperator("interpreter101");
        await interpreter.InvokeAsync("SetInterpreter", true);
        Assert.That((await Server.Centre.Store.GetOperatorAsync("interpreter101"))!.Interpreter, Is.True);

        var started = await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Исәнмесез", "tt", null, null, null, null, null));
        Server.Clock.AdvanceSeconds(60);

        await interpreterOffers.WaitAsync(o => o.SessionId == started.SessionId);
        Assert.That(plainOffers.All.Where(o => o.SessionId == started.SessionId), Is.Empty, "op101 was idle longer, but is not interpreter tier");
    }

    [Test]
    public async Task WhileATatarSpeakerIsOnDuty_TheChatWaitsForThem()
    {
        var (senior, seniorOffers) = await AvailableOperator("senior"); // speaks tt
        var (op, offers) = await AvailableOperator("op101");
        var first = await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Беренче", "tt", null, null, null, null, null));
        await seniorOffers.WaitAsync(o => o.SessionId == first.SessionId);
        var second = await (await Citizen()).InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("101", "Икенче", "tt", null, null, null, null, null));

        Server.Clock.AdvanceSeconds(120);
        await Server.Centre.Dispatcher.SweepAsync();

        Assert.That(offers.All, Is.Empty, "the Russian-only operator is not offered Tatar chats while a Tatar speaker is on duty");
        Assert.That((await Server.Centre.Store.GetSessionAsync(second.SessionId))!.FallbackLanguage, Is.Null);
    }
}
