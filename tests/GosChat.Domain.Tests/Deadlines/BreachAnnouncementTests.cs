using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Deadlines;

/// <summary>
/// Breach announcements are at least once: recorded as not yet announced, marked once published, and retried from
/// the outbox when the node that recorded one died before telling anybody.
/// </summary>
public class BreachAnnouncementTests
{
    [Test]
    public async Task Breach_AnnouncedNormally_IsMarkedAnnouncedAndLeavesNothingPending()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        rig.Clock.AdvanceSeconds(120);
        await rig.RunDueAsync();

        var breach = (await rig.SessionAsync(session.Id)).Breaches.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(breach.Announced, Is.True);
            Assert.That(rig.Notifier.Breaches, Has.Count.EqualTo(1));
            Assert.That(await rig.Outbox.CountAsync(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Breach_WhoseAnnouncementDied_IsAnnouncedOnceByTheRetry_AfterTheGracePeriod()
    {
        var (rig, session) = await BreachWhoseAnnouncementDiedAsync();

        var recorded = (await rig.SessionAsync(session.Id)).Breaches.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(recorded.Announced, Is.False, "recorded, not yet announced");
            Assert.That(await rig.Outbox.CountAsync(), Is.EqualTo(1));
            Assert.That(rig.Notifier.Breaches, Is.Empty);
        });

        // A second delivery of the job leaves the announcement to the outbox's retry (the first run may still be at it).
        await rig.BreachHandler.RunAsync(DeadlineJobs.Serialize(Payload(session)), retry: false);
        Assert.That(rig.Notifier.Breaches, Is.Empty);

        rig.Clock.Advance(Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter) - Duration.FromSeconds(1));
        Assert.That(await rig.Announcer.RetryPendingAsync(), Is.EqualTo(0), "within the grace period the first node may still announce");

        rig.Clock.AdvanceSeconds(1);
        Assert.That(await rig.Announcer.RetryPendingAsync(), Is.EqualTo(1));
        rig.Clock.Advance(Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter));
        Assert.That(await rig.Announcer.RetryPendingAsync(), Is.EqualTo(0), "nothing is left to retry");

        Assert.Multiple(async () =>
        {
            Assert.That(rig.Notifier.Breaches.Select(b => b.SessionId), Is.EqualTo(new[] { session.Id }));
            Assert.That((await rig.SessionAsync(session.Id)).Breaches.Single().Announced, Is.True);
            Assert.That(await rig.BreachLog.CountAsync("101", rig.Clock.GetCurrentInstant().InZone(DeadlineRig.Moscow).Date), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Breach_WhoseNodeDiedBeforeRecordingIt_IsRecordedAndAnnouncedByTheRetry()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        rig.Clock.AdvanceSeconds(120);
        // The node put the job in the outbox and died before recording the breach.
        await rig.Outbox.AddAsync(DeadlineJobs.Serialize(Payload(session)), rig.Clock.GetCurrentInstant());

        rig.Clock.Advance(Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter));
        Assert.That(await rig.Announcer.RetryPendingAsync(), Is.EqualTo(1));

        var current = await rig.SessionAsync(session.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(current.Breaches.Single().Announced, Is.True);
            Assert.That(current.Priority, Is.GreaterThanOrEqualTo(Priorities.Escalated));
            Assert.That(rig.Notifier.Breaches, Has.Count.EqualTo(1));
            Assert.That(await rig.Outbox.CountAsync(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task PendingEntry_OfASessionAnsweredMeanwhile_IsDroppedWithoutAnnouncing()
    {
        var rig = new DeadlineRig();
        await rig.OnlineAsync("op1");
        var session = await rig.StartAsync();
        await rig.SettleAsync();
        await rig.AcceptAsync("op1");
        await rig.Centre.Operators.SendAsync("op1", session.Id, "Здравствуйте!", "m1");
        rig.Clock.AdvanceSeconds(120);
        await rig.Outbox.AddAsync(DeadlineJobs.Serialize(Payload(session)), rig.Clock.GetCurrentInstant());

        rig.Clock.Advance(Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter));
        await rig.Announcer.RetryPendingAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(rig.Notifier.Breaches, Is.Empty);
            Assert.That((await rig.SessionAsync(session.Id)).Breaches, Is.Empty);
            Assert.That(await rig.Outbox.CountAsync(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Retry_ClaimsAnEntryOnce_SoTwoNodesDoNotAnnounceItTogether()
    {
        var (rig, _) = await BreachWhoseAnnouncementDiedAsync();
        rig.Clock.Advance(Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter));

        var now = rig.Clock.GetCurrentInstant();
        var cutoff = now - Duration.FromTimeSpan(rig.Options.AnnounceRetryAfter);
        var first = await rig.Outbox.ClaimAsync(cutoff, now, 10);
        var second = await rig.Outbox.ClaimAsync(cutoff, now, 10);
        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Count.EqualTo(1));
            Assert.That(second, Is.Empty, "claimed: the other node's retry skips it for one grace period");
        });
    }

    /// <summary>A session whose first-reply breach was recorded and whose announcement then failed, as when its node died.</summary>
    private static async Task<(DeadlineRig Rig, Session Session)> BreachWhoseAnnouncementDiedAsync()
    {
        var rig = new DeadlineRig();
        var session = await rig.StartAsync();
        rig.Clock.AdvanceSeconds(120);
        rig.Notifier.FailBreaches = true;
        Assert.ThrowsAsync<InvalidOperationException>(async () => await rig.RunDueAsync());
        rig.Notifier.FailBreaches = false;
        return (rig, session);
    }

    private static DeadlineJobPayload Payload(Session session) =>
        new(session.Id, DeadlineKind.FirstResponse, session.QueuedAt, session.QueuedAt + Duration.FromSeconds(120));
}
