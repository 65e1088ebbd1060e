using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Requests;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;
using NodaTime;

namespace GosChat.Server.Tests.Requests;

/// <summary>
/// The supervisors' requests list, <c>GET /api/requests</c>: filters by status, queue and overdue, counts per status
/// whatever the status filter, overdue flagged on the fake clock; supervisors only; bad filters are 400.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class RequestListTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Requests:FilingsPerMinute"] = "100" };

    private async Task<string> FileAsync(string topic, string kind)
    {
        var response = await Server.Http.PostAsJsonAsync("api/requests", new { topic, kind, text = "Вопрос по " + topic, phone = "+7 926 111-22-33" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;
    }

    private async Task<HttpResponseMessage> ListAsync(string query, string? login = "supervisor")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/requests" + query);
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(login));
        return await Server.Http.SendAsync(request);
    }

    private async Task<JsonElement> ListJsonAsync(string query)
    {
        var response = await ListAsync(query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Tickets(JsonElement list) =>
        [.. list.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("ticket").GetString()!)];

    [Test]
    public async Task Supervisors_FilterByStatusQueueAndOverdue_WithCountsPerStatus()
    {
        var a = await FileAsync("103", "complaint");
        var b = await FileAsync("101", "question");
        var c = await FileAsync("103", "application");
        var supervisor = await Operator("supervisor");
        await supervisor.InvokeAsync<RequestCardDto>("SetRequestStatus", b, "waitingForCitizen");
        await supervisor.InvokeAsync<RequestCardDto>("SetRequestStatus", c, "resolved");
        // Filed on Monday 10:00 with 48 working hours: due on Friday 10:00. On Saturday a and b are overdue; c is settled.
        Server.Clock.Advance(Duration.FromDays(5));

        var all = await ListJsonAsync("");
        Assert.Multiple(() =>
        {
            Assert.That(Tickets(all), Is.EquivalentTo(new[] { a, b, c }));
            Assert.That(all.GetProperty("matching").GetInt32(), Is.EqualTo(3));
            Assert.That(all.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(1));
            Assert.That(all.GetProperty("counts").GetProperty("waitingForCitizen").GetInt32(), Is.EqualTo(1));
            Assert.That(all.GetProperty("counts").GetProperty("resolved").GetInt32(), Is.EqualTo(1));
            Assert.That(all.GetProperty("counts").GetProperty("inProgress").GetInt32(), Is.Zero);
            Assert.That(all.GetProperty("overdue").GetInt32(), Is.EqualTo(2));
        });
        var rowA = all.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("ticket").GetString() == a);
        Assert.Multiple(() =>
        {
            Assert.That(rowA.GetProperty("overdue").GetBoolean(), Is.True);
            Assert.That(rowA.GetProperty("queue").GetString(), Is.EqualTo("103"));
            Assert.That(rowA.GetProperty("kind").GetString(), Is.EqualTo("complaint"));
            Assert.That(rowA.GetProperty("deadlineClass").GetString(), Is.EqualTo("form"));
            Assert.That(all.ToString(), Does.Not.Contain("+7 926").And.Not.Contain("Вопрос по"), "no contacts or texts in the list");
        });

        var queue103 = await ListJsonAsync("?queue=103");
        Assert.That(Tickets(queue103), Is.EquivalentTo(new[] { a, c }));
        Assert.That(queue103.GetProperty("counts").GetProperty("waitingForCitizen").GetInt32(), Is.Zero);
        Assert.That(queue103.GetProperty("overdue").GetInt32(), Is.EqualTo(1));

        var overdue103 = await ListJsonAsync("?queue=103&overdue=true");
        Assert.That(Tickets(overdue103), Is.EqualTo(new[] { a }));
        Assert.That(overdue103.GetProperty("counts").GetProperty("resolved").GetInt32(), Is.EqualTo(1), "counts ignore the overdue filter");

        var waiting = await ListJsonAsync("?status=waitingForCitizen");
        Assert.That(Tickets(waiting), Is.EqualTo(new[] { b }));
        Assert.That(waiting.GetProperty("matching").GetInt32(), Is.EqualTo(1));
        Assert.That(waiting.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(1), "counts ignore the status filter");
        Assert.That(Tickets(await ListJsonAsync("?status=received")), Is.EqualTo(new[] { a }));
    }

    [TestCase("?status=lost", "bad_request_status")]
    [TestCase("?queue=109", "unknown_queue")]
    [TestCase("?limit=0", "bad_limit")]
    [TestCase("?limit=501", "bad_limit")]
    public async Task BadFilters_Are400Problems(string query, string code)
    {
        var response = await ListAsync(query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public async Task APage_HoldsAtMostLimitRows_DueSoonestFirst_AndMatchingCountsThemAll()
    {
        var first = await FileAsync("101", "question");
        await Server.AdvanceAsync(Duration.FromMinutes(1));
        var second = await FileAsync("102", "complaint");
        await Server.AdvanceAsync(Duration.FromMinutes(1));
        await FileAsync("103", "application");

        var page = await ListJsonAsync("?limit=2");
        Assert.That(Tickets(page), Is.EqualTo(new[] { first, second }));
        Assert.That(page.GetProperty("matching").GetInt32(), Is.EqualTo(3));
        Assert.That(page.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(3));
        Assert.That(Tickets(await ListJsonAsync("")), Has.Length.EqualTo(3), "100 rows unless asked");
    }

    [Test]
    public async Task OnlySupervisors_ReadTheList()
    {
        await FileAsync("101", "question");
        Assert.That((await ListAsync("", login: null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ListAsync("", login: "op101")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
