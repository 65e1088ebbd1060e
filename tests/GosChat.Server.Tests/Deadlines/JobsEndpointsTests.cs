using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Domain.Deadlines;
using GosChat.Domain.Jobs;
using GosChat.Server.Jobs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Deadlines;

[TestFixture(true, TestName = "Redis")]
[TestFixture(false, TestName = "Embedded")]
public sealed class JobsEndpointsTests(bool useRedis) : DeadlineServerFixture(useRedis)
{
    /// <summary>Hangfire's workers poll and move states on their own threads; on a busy two-core machine that takes a while.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A handler that fails while <see cref="Failing"/> is set.</summary>
    private sealed class FlakyHandler : IJobHandler
    {
        public volatile bool Failing = true;
        public int Runs;
        public string Kind => "test.flaky";

        public Task HandleAsync(DelayedJob job, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            return Failing ? throw new InvalidOperationException("downstream unavailable") : Task.CompletedTask;
        }
    }

    private static async Task<JsonElement[]> ListAsync(TestSupport.Server.GosChatServer server, string token, string query)
    {
        using var response = await server.Http.SendAsync(Request(HttpMethod.Get, "api/supervisor/jobs" + query, token));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("jobs").EnumerateArray().ToArray();
    }

    [Test]
    public async Task JobsView_ListsTheDeadlineJobsOfASession()
    {
        var server = await StartServerAsync(Settings());
        var started = await StartChatAsync(server);
        var token = await server.LoginAsync("supervisor");

        var jobs = await ListAsync(server, token, "?state=scheduled");
        var mine = jobs.Where(j => j.GetProperty("id").GetString()!.StartsWith($"deadline:{started.SessionId}:", StringComparison.Ordinal)).ToList();

        Assert.That(mine.Select(j => j.GetProperty("id").GetString()), Is.EquivalentTo(new[]
        {
            DeadlineJobs.WarningId(started.SessionId, DeadlineKind.FirstResponse), DeadlineJobs.WarningId(started.SessionId, DeadlineKind.Resolution),
        }), "a warning per deadline; each schedules its breach check when it runs");

        // The first-reply warning (3.75 s of 5) runs and schedules the breach check. Hangfire's own scheduler may wake
        // that job early by its wall clock and put it back, so the list is read until it shows it scheduled.
        await server.AdvanceSecondsAsync(4);
        var breachId = DeadlineJobs.BreachId(started.SessionId, DeadlineKind.FirstResponse);
        JsonElement due = default;
        await Eventually.AssertAsync(async () =>
        {
            var listed = (await ListAsync(server, token, "?state=scheduled")).Where(j => j.GetProperty("id").GetString() == breachId).ToList();
            if (listed.Count != 1) return false;
            due = listed[0];
            return true;
        }, "the breach check is listed as scheduled");
        Assert.Multiple(() =>
        {
            Assert.That(due.GetProperty("type").GetString(), Is.EqualTo("deadline.breach"));
            Assert.That(due.GetProperty("state").GetString(), Is.EqualTo("scheduled"));
            Assert.That(due.GetProperty("dueAt").GetString(), Is.EqualTo(NodaTime.Text.InstantPattern.ExtendedIso.Format(TestSupport.Server.GosChatServer.MondayMorning + NodaTime.Duration.FromSeconds(5))));
            Assert.That(due.GetProperty("attempts").GetInt32(), Is.EqualTo(0));
            Assert.That(due.GetProperty("hangfireId").GetString(), Is.Not.Empty);
        });
        Assert.That(await ListAsync(server, token, "?state=failed"), Is.Empty);
    }

    [Test]
    public async Task FailedJob_IsListed_AndRetryRunsItAgain()
    {
        var flaky = new FlakyHandler();
        var server = await StartServerAsync(Settings(("GosChat:Jobs:Retry:Attempts", "0")),
            services: s => s.AddSingleton<IJobHandler>(flaky));
        await server.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(new DelayedJob("test:flaky:1", flaky.Kind, "{}", server.Clock.GetCurrentInstant()));
        var token = await server.LoginAsync("supervisor");

        await Eventually.AssertAsync(async () => (await ListAsync(server, token, "?state=failed")).Length == 1, "the failing job ends failed", Patience);
        var failed = (await ListAsync(server, token, "?state=failed")).Single();
        Assert.That(failed.GetProperty("id").GetString(), Is.EqualTo("test:flaky:1"));
        Assert.That(failed.GetProperty("type").GetString(), Is.EqualTo("test.flaky"));
        Assert.That(failed.GetProperty("lastError").GetString(), Does.Contain("downstream unavailable"));

        flaky.Failing = false;
        using var retry = await server.Http.SendAsync(Request(HttpMethod.Post, "api/supervisor/jobs/test:flaky:1/retry", token));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("id").GetString(), Is.EqualTo("test:flaky:1"));

        await Eventually.AssertAsync(() => server.Services.GetRequiredService<JobIndex>().Find("test:flaky:1") is null, "the retried job completes");
        // The handler's run ends (and leaves the index) before Hangfire records the job as succeeded: poll for that too.
        await Eventually.AssertAsync(async () => (await ListAsync(server, token, "?state=succeeded")).Any(j => j.GetProperty("id").GetString() == "test:flaky:1"),
            "the retried job is listed as succeeded", Patience);
        Assert.That(Volatile.Read(ref flaky.Runs), Is.EqualTo(2));
        Assert.That(await ListAsync(server, token, "?state=failed"), Is.Empty);
    }

    [Test]
    public async Task FailingJob_IsRetriedWithBackOff_ThenEndsFailed()
    {
        var flaky = new FlakyHandler();
        var server = await StartServerAsync(Settings(("GosChat:Jobs:Retry:Attempts", "2"), ("GosChat:Jobs:Retry:FirstDelay", "00:01:00")),
            services: s => s.AddSingleton<IJobHandler>(flaky));
        await server.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(new DelayedJob("test:flaky:2", flaky.Kind, "{}", server.Clock.GetCurrentInstant()));
        var monitor = server.Services.GetRequiredService<JobMonitor>();

        await Eventually.AssertAsync(() => monitor.List(JobMonitor.Scheduled, 10).Any(j => j.Id == "test:flaky:2" && j.Attempts == 1), "the first retry is scheduled", Patience);
        var waiting = monitor.List(JobMonitor.Scheduled, 10).Single(j => j.Id == "test:flaky:2");
        Assert.That(waiting.LastError, Does.Contain("downstream unavailable"));
        // The back-off is wall-clock time: run the retry now, as Hangfire's scheduler would once it is due. Like that
        // scheduler, poll: a job caught between two states is not moved, and the next look moves it.
        await Eventually.AssertAsync(async () =>
        {
            await server.RunDueJobsAsync();
            return monitor.List(JobMonitor.Scheduled, 10).Any(j => j.Id == "test:flaky:2" && j.Attempts == 2);
        }, "the second retry is scheduled", Patience);
        await Eventually.AssertAsync(async () =>
        {
            await server.RunDueJobsAsync();
            return monitor.List(JobMonitor.Failed, 10).Any(j => j.Id == "test:flaky:2");
        }, "failed after the last retry", Patience);
        Assert.That(Volatile.Read(ref flaky.Runs), Is.EqualTo(3));
    }

    [TestCase("GET", "api/supervisor/jobs", null, HttpStatusCode.Unauthorized)]
    [TestCase("GET", "api/supervisor/jobs", "op101", HttpStatusCode.Forbidden)]
    [TestCase("POST", "api/supervisor/jobs/x/retry", null, HttpStatusCode.Unauthorized)]
    [TestCase("POST", "api/supervisor/jobs/x/retry", "op101", HttpStatusCode.Forbidden)]
    [TestCase("GET", "api/supervisor/jobs?state=finished", "supervisor", HttpStatusCode.BadRequest)]
    [TestCase("GET", "api/supervisor/jobs?limit=0", "supervisor", HttpStatusCode.BadRequest)]
    public async Task JobsEndpoints_AreForSupervisorsOnly_AndAnswerProblems(string method, string path, string? login, HttpStatusCode expected)
    {
        var server = await StartServerAsync(Settings());
        var token = login is null ? null : await server.LoginAsync(login);

        using var response = await server.Http.SendAsync(Request(new HttpMethod(method), path, token));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
