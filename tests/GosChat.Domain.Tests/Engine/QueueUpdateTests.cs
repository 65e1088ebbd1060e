using GosChat.Domain.Engine;
using GosChat.Domain.Tests.Support;
using NodaTime;

namespace GosChat.Domain.Tests.Engine;

public class QueueUpdateTests
{
    private static async Task<List<string>> StartSeveralAsync(TestCentre t, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await t.StartAsync()).Id);
            t.Clock.AdvanceSeconds(1);
        }
        await t.SettleAsync();
        return ids;
    }

    private static IEnumerable<(int, int)> Updates(TestCentre t, string id) =>
        t.Events.PositionsOf(id).Select(p => (p.Position, p.EstimatedWaitSeconds));

    [Test]
    public async Task EveryWaitingCitizen_IsToldTheirPlaceAndEstimate()
    {
        var t = new TestCentre();
        var ids = await StartSeveralAsync(t, 3);

        Assert.That(Updates(t, ids[0]), Is.EqualTo(new[] { (1, 180) }));
        Assert.That(Updates(t, ids[1]), Is.EqualTo(new[] { (2, 360) }));
        Assert.That(Updates(t, ids[2]), Is.EqualTo(new[] { (3, 540) }));
    }

    [Test]
    public async Task NothingIsPushedAgain_WhenNothingChanged()
    {
        var t = new TestCentre();
        await StartSeveralAsync(t, 3);
        var count = t.Events.Of<RecordingEvents.QueuePosition>().Count;

        await t.SettleAsync();
        await t.Dispatcher.SweepAsync();

        Assert.That(t.Events.Of<RecordingEvents.QueuePosition>(), Has.Count.EqualTo(count));
    }

    [Test]
    public async Task WhenSomeoneAheadLeaves_ThoseBehindAreToldTheirNewPlace()
    {
        var t = new TestCentre();
        var ids = await StartSeveralAsync(t, 3);

        await t.Citizens.CloseAsync(ids[0]);
        await t.SettleAsync();

        Assert.That(Updates(t, ids[0]), Is.EqualTo(new[] { (1, 180) }), "a closed session is not told anything more");
        Assert.That(Updates(t, ids[1]), Is.EqualTo(new[] { (2, 360), (1, 180) }));
        Assert.That(Updates(t, ids[2]), Is.EqualTo(new[] { (3, 540), (2, 360) }));
    }

    [Test]
    public async Task WhenTheHeadIsTakenByAnOperator_TheOthersMoveUp()
    {
        var t = new TestCentre();
        var ids = await StartSeveralAsync(t, 2);
        await t.OnlineAsync("a", maxChats: 1);
        var accepted = await t.AcceptPendingAsync("a");
        await t.SettleAsync();

        Assert.That(accepted.Id, Is.EqualTo(ids[0]));
        // a signing in gives one slot (same estimate); accepting the head moves the second up.
        Assert.That(Updates(t, ids[1]).Last(), Is.EqualTo((1, 180)));
    }

    [Test]
    public async Task AnOperatorAway_DoesNotChangeTheEstimate_OneAvailableWithRoom_BringsItToZero()
    {
        var t = new TestCentre();
        var ids = await StartSeveralAsync(t, 2);

        await t.Operators.ConnectedAsync(TestCentre.Account("a", maxChats: 3), "conn-a");
        await t.Operators.SetPresenceAsync("a", "away");
        await t.SettleAsync();
        Assert.That(Updates(t, ids[0]), Is.EqualTo(new[] { (1, 180) }), "away: nothing changes");

        await t.Operators.SetPresenceAsync("a", "available");
        await t.SettleAsync();
        // Three chat slots: the head is offered (its slot held by the offer), the second fits in a free one.
        Assert.That(Updates(t, ids[0]), Is.EqualTo(new[] { (1, 180), (1, 0) }));
        Assert.That(Updates(t, ids[1]), Is.EqualTo(new[] { (2, 360), (2, 0) }));
    }

    [Test]
    public async Task OperatorsOfOtherQueues_DoNotChangeTheEstimate()
    {
        var t = new TestCentre();
        var ids = await StartSeveralAsync(t, 1);
        await t.OnlineAsync("b", queues: ["102"]);
        await t.SettleAsync();
        Assert.That(Updates(t, ids[0]), Is.EqualTo(new[] { (1, 180) }));
    }

    [Test]
    public async Task StartResult_AndView_AgreeWithTheFormula()
    {
        var t = new TestCentre(new ContactCentreOptions { DefaultHandleTime = Duration.FromSeconds(100) });
        await t.Operators.ConnectedAsync(TestCentre.Account("a", maxChats: 2), "conn-a");
        await t.Operators.SetPresenceAsync("a", "away");
        await t.Operators.ConnectedAsync(TestCentre.Account("b", maxChats: 1), "conn-b");
        await t.Operators.SetPresenceAsync("b", "away");

        var results = new List<StartResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await t.Citizens.StartAsync(new StartRequest { Topic = "101" }));
            t.Clock.AdvanceSeconds(1);
        }

        // Both operators away: nobody can take a chat now, so position × 100 s.
        Assert.That(results.Select(r => (r.Position, r.EstimatedWaitSeconds)), Is.EqualTo(new[] { (1, 100), (2, 200), (3, 300), (4, 400) }));
        var view = await t.Citizens.ViewAsync(results[2].Session.Id);
        Assert.That((view.Position, view.EstimatedWaitSeconds), Is.EqualTo((3, 300)));
    }
}
