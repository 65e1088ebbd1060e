using GosChat.Domain.Sessions;

namespace GosChat.Domain.Tests.Sessions;

public class TicketTests
{
    [TestCase(RequestKind.Application, 1, "100000001")]
    [TestCase(RequestKind.Complaint, 42, "200000042")]
    [TestCase(RequestKind.Question, 99_999_999, "399999999")]
    public void Format_IsKindDigitThenEightDigitSequence(RequestKind kind, long sequence, string expected)
    {
        Assert.That(Ticket.Format(kind, sequence), Is.EqualTo(expected));
        Assert.That(Ticket.IsValid(expected), Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(100_000_000)]
    public void Format_OutsideTheNumberingSpace_Throws(long sequence) =>
        Assert.That(() => Ticket.Format(RequestKind.Question, sequence), Throws.InvalidOperationException);

    [TestCase("300000001", true)]
    [TestCase("400000001", false)]
    [TestCase("30000001", false)]
    [TestCase("3000000010", false)]
    [TestCase("3000000a1", false)]
    [TestCase(null, false)]
    public void IsValid_ChecksShape(string? ticket, bool valid) => Assert.That(Ticket.IsValid(ticket), Is.EqualTo(valid));
}
