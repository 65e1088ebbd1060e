using GosChat.Domain.Requests;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Requests;

/// <summary>A request opened from a chat: its card, status moves, notes, answers and the citizen's lookup.</summary>
public class RequestLifecycleTests
{
    private sealed class Recorder : IRequestObserver
    {
        public List<string> Seen { get; } = [];
        public Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode)
        {
            Seen.Add($"opened {request.Ticket} {sessionId}");
            return Task.CompletedTask;
        }
        public Task StatusChangedAsync(ServiceRequest request)
        {
            Seen.Add($"status {RequestStatuses.Wire(request.Status)}");
            return Task.CompletedTask;
        }
        public Task AnsweredAsync(ServiceRequest request)
        {
            Seen.Add($"answer {request.Answers.Count}");
            return Task.CompletedTask;
        }
        public Task CitizenRepliedAsync(ServiceRequest request)
        {
            Seen.Add($"reply {request.Replies.Count}");
            return Task.CompletedTask;
        }
    }

    private TestCentre _t = null!;
    private InMemoryRequestStore _store = null!;
    private Recorder _recorder = null!;
    private RequestService _requests = null!;

    [SetUp]
    public void Wire()
    {
        _t = new TestCentre();
        _store = new InMemoryRequestStore();
        _recorder = new Recorder();
        _requests = new RequestService(_store, _t.Operators, _t.Clock,
            _ => new WorkingHoursSchedule(WorkingHoursSchedule.DefaultZone, WeeklySchedule.Weekdays("08:00-20:00"), new HolidayCalendar([])),
            [_recorder]);
    }

    [Test]
    public async Task Open_FromTheOperatorsChat_MakesTheCard_WithTheKindDigit_CodeAndWorkingTimeDeadline()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");

        var (request, code) = await _requests.OpenAsync("a", false, session.Id, "complaint", "security", "check the account");

        Assert.Multiple(() =>
        {
            Assert.That(session.Ticket, Does.StartWith("3"));
            Assert.That(request.Ticket, Is.EqualTo("2" + session.Ticket[1..]));
            Assert.That(request.Kind, Is.EqualTo(RequestKind.Complaint));
            Assert.That(request.Queue, Is.EqualTo(session.Queue));
            Assert.That(request.Status, Is.EqualTo(RequestStatus.Received));
            Assert.That(request.History, Is.EqualTo(new[] { new StatusChange(RequestStatus.Received, "a", _t.Clock.GetCurrentInstant()) }));
            Assert.That(request.SessionIds, Is.EqualTo(new[] { session.Id }));
            Assert.That(request.Notes.Single().Text, Is.EqualTo("check the account"));
            Assert.That(request.Answers, Is.Empty);
            // Monday 09:00 Moscow + 4 working hours.
            Assert.That(request.DueAt, Is.EqualTo(_t.Clock.GetCurrentInstant() + Duration.FromHours(4)));
            Assert.That(code, Has.Length.EqualTo(AccessCode.Length));
            Assert.That(request.AccessCodeHash, Is.Not.EqualTo(code).And.Not.Contain(code));
            Assert.That(_recorder.Seen, Is.EqualTo(new[] { $"opened {request.Ticket} {session.Id}" }));
        });
        Assert.That(await _requests.LookupAsync(request.Ticket, code), Is.Not.Null);
    }

    [Test]
    public async Task Open_WithoutKind_KeepsTheSessionsTicket_AndAStandardDeadline()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");

        var (request, _) = await _requests.OpenAsync("a", false, session.Id, null, null, null);

        Assert.That(request.Ticket, Is.EqualTo(session.Ticket));
        Assert.That(request.DeadlineClass, Is.EqualTo("standard"));
        Assert.That(request.Notes, Is.Empty);
    }

    [Test]
    public async Task Open_RefusesBadInput_AnotherOperatorsSession_AndASecondRequest_ChangingNothing()
    {
        await _t.OnlineAsync("a");
        await _t.OnlineAsync("b");
        var session = await _t.ActiveWithAsync("a");

        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.OpenAsync("a", false, session.Id, "wish", null, null), ErrorCodes.UnknownKind);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.OpenAsync("a", false, session.Id, null, "tech96", null), ErrorCodes.BadDeadlineClass);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.OpenAsync("a", false, session.Id, null, null, new string('x', 4001)), ErrorCodes.TextTooLong);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.OpenAsync("a", false, null, null, null, null), ErrorCodes.BadSessionId);
        await Refused.ByAsync(DomainErrorKind.Forbidden, () => _requests.OpenAsync("b", false, session.Id, null, null, null), ErrorCodes.NotYourSession);
        Assert.That(await _store.GetAsync(session.Ticket), Is.Null);
        Assert.That(_recorder.Seen, Is.Empty);

        await _requests.OpenAsync("a", false, session.Id, null, null, null);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => _requests.OpenAsync("a", false, session.Id, "application", null, null), ErrorCodes.RequestExists);
        Assert.That(await _store.GetAsync("1" + session.Ticket[1..]), Is.Null);
    }

    [Test]
    public async Task Status_MovesThroughTheLifecycle_WithWhoAndWhen_AndFinalStatusesStay()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");
        var (request, _) = await _requests.OpenAsync("a", false, session.Id, null, null, null);
        var opened = _t.Clock.GetCurrentInstant();

        _t.Clock.AdvanceMinutes(10);
        await _requests.SetStatusAsync("b", request.Ticket, "inProgress");
        _t.Clock.AdvanceMinutes(10);
        await _requests.SetStatusAsync("b", request.Ticket, "waitingForCitizen");
        _t.Clock.AdvanceMinutes(10);
        await _requests.SetStatusAsync("a", request.Ticket, "inProgress");
        var resolved = await _requests.SetStatusAsync("a", request.Ticket, "resolved");

        Assert.That(resolved.History.Select(h => (RequestStatuses.Wire(h.Status), h.By, h.At)), Is.EqualTo(new[]
        {
            ("received", "a", opened), ("inProgress", "b", opened + Duration.FromMinutes(10)),
            ("waitingForCitizen", "b", opened + Duration.FromMinutes(20)), ("inProgress", "a", opened + Duration.FromMinutes(30)),
            ("resolved", "a", opened + Duration.FromMinutes(30)),
        }));
        await Refused.ByAsync(DomainErrorKind.Conflict, () => _requests.SetStatusAsync("a", request.Ticket, "inProgress"), ErrorCodes.IllegalTransition);
        await Refused.ByAsync(DomainErrorKind.Conflict, () => _requests.AddAnswerAsync("a", request.Ticket, "late"), ErrorCodes.IllegalTransition);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.SetStatusAsync("a", request.Ticket, "received"), ErrorCodes.BadRequestStatus);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.SetStatusAsync("a", "12", "declined"), ErrorCodes.BadTicket);
        await Refused.ByAsync(DomainErrorKind.NotFound, () => _requests.SetStatusAsync("a", "199999999", "declined"), ErrorCodes.RequestNotFound);
        Assert.That((await _requests.GetAsync(request.Ticket)).Version, Is.EqualTo(resolved.Version));
        Assert.That(_recorder.Seen.Skip(1), Is.EqualTo(new[] { "status inProgress", "status waitingForCitizen", "status inProgress", "status resolved" }));
    }

    [Test]
    public async Task NotesStayInternal_AnswersAreTheCitizens_AndEmptyTextIsRefused()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");
        var (request, code) = await _requests.OpenAsync("a", false, session.Id, null, null, null);

        await _requests.AddNoteAsync("a", request.Ticket, "  internal: ask department 5  ");
        await _requests.AddAnswerAsync("a", request.Ticket, "Your payment was found.");
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.AddNoteAsync("a", request.Ticket, "  "), ErrorCodes.EmptyText);

        var seen = (await _requests.LookupAsync(request.Ticket, code))!;
        Assert.That(seen.Notes.Select(n => n.Text), Is.EqualTo(new[] { "internal: ask department 5" }));
        Assert.That(seen.Answers.Select(n => n.Text), Is.EqualTo(new[] { "Your payment was found." }));
        Assert.That(_recorder.Seen.Last(), Is.EqualTo("answer 1"));
    }

    [Test]
    public async Task CitizenReply_OnlyWithTheCode_OnlyWhileWaiting_MovesItBackInProgress()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");
        var (request, code) = await _requests.OpenAsync("a", false, session.Id, null, null, null);

        await Refused.ByAsync(DomainErrorKind.Conflict, () => _requests.ReplyAsync(request.Ticket, code, "hello"), ErrorCodes.RequestNotWaiting);
        await _requests.SetStatusAsync("a", request.Ticket, "waitingForCitizen");
        await Refused.ByAsync(DomainErrorKind.NotFound, () => _requests.ReplyAsync(request.Ticket, AccessCode.New(), "hello"), ErrorCodes.RequestNotFound);
        await Refused.ByAsync(DomainErrorKind.NotFound, () => _requests.ReplyAsync(request.Ticket, null, "hello"), ErrorCodes.RequestNotFound);
        await Refused.ByAsync(DomainErrorKind.BadRequest, () => _requests.ReplyAsync(request.Ticket, code, " "), ErrorCodes.EmptyText);
        Assert.That((await _requests.GetAsync(request.Ticket)).Replies, Is.Empty);

        _t.Clock.Advance(Duration.FromHours(1));
        var replied = await _requests.ReplyAsync(request.Ticket, code, " receipt 4417 ");

        Assert.Multiple(() =>
        {
            Assert.That(replied.Replies.Single(), Is.EqualTo(new RequestEntry(_t.Clock.GetCurrentInstant(), "citizen", "receipt 4417")));
            Assert.That(replied.Status, Is.EqualTo(RequestStatus.InProgress));
            Assert.That(replied.History[^1].By, Is.EqualTo("citizen"));
            Assert.That(_recorder.Seen.Last(), Is.EqualTo("reply 1"));
        });
        await Refused.ByAsync(DomainErrorKind.Conflict, () => _requests.ReplyAsync(request.Ticket, code, "again"), ErrorCodes.RequestNotWaiting);
    }

    [Test]
    public async Task Lookup_AnswersOnlyTheRightCode_ForTheExactTicket()
    {
        await _t.OnlineAsync("a");
        var session = await _t.ActiveWithAsync("a");
        var (request, code) = await _requests.OpenAsync("a", false, session.Id, null, null, null);

        Assert.Multiple(async () =>
        {
            Assert.That(await _requests.LookupAsync(request.Ticket, code), Is.Not.Null);
            Assert.That(await _requests.LookupAsync(request.Ticket, code.ToLowerInvariant().Insert(4, "-")), Is.Not.Null, "as typed");
            Assert.That(await _requests.LookupAsync(request.Ticket, null), Is.Null);
            Assert.That(await _requests.LookupAsync(request.Ticket, ""), Is.Null);
            Assert.That(await _requests.LookupAsync(request.Ticket, AccessCode.New()), Is.Null);
            Assert.That(await _requests.LookupAsync(request.Ticket, request.AccessCodeHash), Is.Null, "the stored hash is not a code");
            Assert.That(await _requests.LookupAsync("1" + request.Ticket[1..], code), Is.Null);
            Assert.That(await _requests.LookupAsync("not-a-ticket", code), Is.Null);
        });
    }

    [Test]
    public void AccessCodes_AreRandom()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => AccessCode.New()).ToList();
        Assert.That(codes.Distinct().Count(), Is.EqualTo(1000));
        Assert.That(codes, Has.All.Matches<string>(c => c.Length == 16 && c.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch))));
    }
}

/// <summary>A request continued in a chat (<see cref="ServiceRequest.ContinuedInChat"/>) and files on a card, status by status.</summary>
public class RequestContinuationTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 30, 9, 0);

    private static ServiceRequest In(RequestStatus status)
    {
        var card = new ServiceRequest
        {
            Ticket = "212345678", Queue = "103", DeadlineClass = "standard", AssigneeId = "op-1", AccessCodeHash = "x", SessionIds = ["s-1"],
            History = [new StatusChange(RequestStatus.Received, "op-1", At)],
        };
        return status switch
        {
            RequestStatus.Received => card,
            RequestStatus.InProgress => card.Moved(RequestStatus.InProgress, "op-1", At),
            _ => card.Moved(RequestStatus.InProgress, "op-1", At).Moved(status, "op-1", At),
        };
    }

    [TestCase(RequestStatus.Received, RequestStatus.Received)]
    [TestCase(RequestStatus.InProgress, RequestStatus.InProgress)]
    [TestCase(RequestStatus.WaitingForCitizen, RequestStatus.InProgress)]
    [TestCase(RequestStatus.Resolved, RequestStatus.Resolved)]
    [TestCase(RequestStatus.Declined, RequestStatus.Declined)]
    public void ContinuedInChat_LinksTheChat_AndEndsOnlyAWaitForTheCitizen(RequestStatus before, RequestStatus after)
    {
        var continued = In(before).ContinuedInChat("s-2", At + Duration.FromHours(1));

        Assert.That(continued.SessionIds, Is.EqualTo(new[] { "s-1", "s-2" }));
        Assert.That(continued.Status, Is.EqualTo(after));
        if (before != after)
            Assert.That(continued.History[^1], Is.EqualTo(new StatusChange(after, ServiceRequest.CitizenAuthor, At + Duration.FromHours(1))));
        Assert.That(continued.Replies, Is.Empty, "what the citizen says is in the chat");
    }

    [TestCase(RequestStatus.Received, true)]
    [TestCase(RequestStatus.WaitingForCitizen, true)]
    [TestCase(RequestStatus.Resolved, false)]
    [TestCase(RequestStatus.Declined, false)]
    public void Files_AreTakenUntilTheRequestIsFinal(RequestStatus status, bool taken)
    {
        var file = new RequestAttachment("212345678.aa", "a.pdf", 10, "application/pdf", "citizen", At);
        if (taken) Assert.That(In(status).WithAttachment(file).Attachments, Is.EqualTo(new[] { file }));
        else Assert.That(Assert.Throws<DomainException>(() => In(status).WithAttachment(file))!.Code, Is.EqualTo(ErrorCodes.RequestClosed));
    }
}
