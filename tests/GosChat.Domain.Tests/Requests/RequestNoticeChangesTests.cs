using GosChat.Domain.Requests;
using NodaTime;

namespace GosChat.Domain.Tests.Requests;

/// <summary>The card's pending notices: numbered, kept until delivered by every channel, the code dropped once delivered.</summary>
public class RequestNoticeChangesTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 23, 7, 0);

    private static ServiceRequest Card(string? phone = "+7 916 000-11-22", string? email = null) => new()
    {
        Ticket = "100000001", Queue = "102", DeadlineClass = "standard", AssigneeId = "op102", AccessCodeHash = "h", Phone = phone, Email = email,
    };

    [Test]
    public void WithoutPhoneOrEmail_NoNoticeIsQueued()
    {
        var card = Card(phone: null);
        var (next, seq) = card.WithNotice(RequestNotices.OpenedPurpose, At, code: "CODE");
        Assert.That((next, seq), Is.EqualTo((card, (int?)null)));
    }

    [Test]
    public void Notices_AreNumbered_AndTheCodeIsDropped_WhenDone()
    {
        var (card, first) = Card().WithNotice(RequestNotices.OpenedPurpose, At, code: "CODE");
        (card, var second) = card.WithNotice(RequestNotices.StatusPurpose, At, RequestStatus.InProgress);
        card = card.WithNoticeDelivered(1, "sms").WithNoticeDelivered(1, "sms").WithNoticeDone(1);

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo(((int?)1, (int?)2)));
            Assert.That(card.Notices[0].Delivered, Is.EqualTo(new[] { "sms" }), "a channel is recorded once");
            Assert.That((card.Notices[0].Done, card.Notices[0].Code), Is.EqualTo((true, (string?)null)));
            Assert.That((card.Notices[1].Done, card.Notices[1].Status), Is.EqualTo((false, (RequestStatus?)RequestStatus.InProgress)));
        });
    }

    [Test]
    public void OnlyTheLastSettledNotices_AreKept_PendingOnesAlways()
    {
        var (card, _) = Card().WithNotice(RequestNotices.OpenedPurpose, At, code: "CODE"); // stays pending
        for (var i = 0; i < RequestNoticeChanges.KeepDone + 5; i++)
        {
            (card, var seq) = card.WithNotice(RequestNotices.StatusPurpose, At, RequestStatus.InProgress);
            card = card.WithNoticeDone(seq!.Value);
        }
        (card, _) = card.WithNotice(RequestNotices.AnswerPurpose, At);

        Assert.That(card.Notices.Count(n => n.Done), Is.EqualTo(RequestNoticeChanges.KeepDone));
        Assert.That(card.Notices[0].Seq, Is.EqualTo(1), "the pending opening notice is kept");
        Assert.That(card.Notices[^1].Seq, Is.EqualTo(RequestNoticeChanges.KeepDone + 7), "numbers keep growing");
    }
}
