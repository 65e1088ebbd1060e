using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using GosChat.Server.Auth;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Configuration;

/// <summary>appsettings.example.json is a working configuration: a node starts on it and behaves as its defaults say.</summary>
public sealed class ExampleSettingsTests
{
    private static Dictionary<string, string?> Flatten(JsonElement element, string prefix, Dictionary<string, string?> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Flatten(p.Value, prefix.Length == 0 ? p.Name : prefix + ":" + p.Name, into);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Flatten(item, prefix + ":" + i++, into);
                break;
            default:
                into[prefix] = element.ValueKind == JsonValueKind.Null ? null : element.ToString();
                break;
        }
        return into;
    }

    /// <summary>appsettings.example.json flattened, with what a production node needs and the example leaves empty filled in.</summary>
    private static async Task<Dictionary<string, string?>> ExampleSettingsAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "appsettings.example.json"));
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var settings = Flatten(doc.RootElement, "", []);
        Assert.That(settings, Does.ContainKey("GosChat:OfferTimeout"));
        Assert.That(settings["GosChat:OfferExtension"], Is.EqualTo("00:00:20"));
        Assert.That(settings["GosChat:OfferExtensionsAllowed"], Is.EqualTo("1"));
        Assert.That(settings["GosChat:TimeZone"], Is.EqualTo("Europe/Moscow"));
        Assert.That(settings["GosChat:ShutdownGrace"], Is.EqualTo("00:00:05"));
        Assert.That(settings["GosChat:Outbound:MaxBufferedBytes"], Is.EqualTo("1048576"));
        Assert.That(settings["GosChat:Outbound:MaxBehind"], Is.EqualTo("00:00:10"));
        // The example account has no hash on purpose; give it one so the node accepts it.
        settings["Operators:0:PasswordHash"] = OperatorDirectory.HashPassword("example");
        settings["Operators:1:PasswordHash"] = OperatorDirectory.HashPassword("example");
        settings.Remove("GosChat:SweepInterval");
        // Likewise the key ring's certificate: the example leaves the path empty, a production node needs one.
        Assert.That(settings["GosChat:DataProtection:CertificatePath"], Is.Empty);
        settings["GosChat:DataProtection:CertificatePath"] = GosChat.TestSupport.TestCertificates.KeyRingPfx;
        settings["GosChat:DataProtection:CertificatePassword"] = GosChat.TestSupport.TestCertificates.Password;
        // And the personal-data key: none in the example, a production node needs one.
        Assert.That(settings["GosChat:Encryption:ActiveKeyId"], Is.Empty);
        foreach (var (key, value) in GosChat.TestSupport.TestEncryptionKeys.Settings) settings[key] = value;
        // And the server secret (history keys, download links): empty in the example, required in production.
        Assert.That(settings["GosChat:ServerSecret"], Is.Empty);
        settings["GosChat:ServerSecret"] = "a production node's server secret, 32+ characters";
        // And the data folder: empty means the user's own; this test keeps it in a temp folder.
        settings.Remove("GosChat:DataFolder");

        return settings;
    }

    [Test]
    public async Task ExampleSettings_StartANode_WithTheDocumentedDefaults()
    {
        var settings = await ExampleSettingsAsync();
        await using var server = await GosChatServer.StartAsync(settings: settings, environment: "Production");
        var status = await server.Http.GetFromJsonAsync<JsonElement>("api/status");
        Assert.That(status.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Moscow"));
        Assert.That(settings["GosChat:Attachments:LinkLifetime"], Is.EqualTo("00:05:00"));
        // Monday 10:00 Moscow is inside the example's hours (technical support Mon–Fri 09:00–21:00).
        Assert.That(status.GetProperty("queues")[0].GetProperty("open").GetBoolean(), Is.True);
        var login = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "ivanova", password = "example" });
        Assert.That(login.IsSuccessStatusCode, Is.True);
    }

    [Test]
    public async Task ExampleSettings_RunThePublishedLines_WithTheirHoursPerChannel()
    {
        var settings = await ExampleSettingsAsync();
        settings["GosChat:Ivr:ApiKeys:0"] = "example-test-key";
        // Saturday 11:00 Moscow time of the test week.
        var clock = new NodaTime.Testing.FakeClock(GosChatServer.MondayMorning + NodaTime.Duration.FromDays(5) + NodaTime.Duration.FromHours(1));
        await using var server = await GosChatServer.StartAsync(settings: settings, clock: clock, environment: "Production");

        async Task<string> CallAsync(string id, string dialed)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/ivr/calls") { Content = JsonContent.Create(new { callId = id, caller = "+79001234567", dialed }) };
            request.Headers.Add("X-Api-Key", "example-test-key");
            var answer = await (await server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            return answer.GetProperty("action").GetString()!;
        }
        async Task<Dictionary<string, JsonElement>> StatusAsync() =>
            (await server.Http.GetFromJsonAsync<JsonElement>("api/status")).GetProperty("queues").EnumerateArray()
            .ToDictionary(q => q.GetProperty("id").GetString()!);
        static string[] Hours(JsonElement q, string channel) => q.GetProperty("hours").GetProperty(channel).EnumerateArray().Select(w => w.GetString()!).ToArray();

        async Task<Dictionary<string, JsonElement>> LineStatusAsync(string line) =>
            (await server.Http.GetFromJsonAsync<JsonElement>("api/status?line=" + line)).GetProperty("queues").EnumerateArray()
            .ToDictionary(q => q.GetProperty("id").GetString()!);

        // Saturday: the hotline answers calls to 102–104, chats are closed; technical support is closed.
        Assert.That(await CallAsync("sat-102", "8-800-555-35-35 доб. 102"), Is.EqualTo("enqueue"));
        Assert.That(await CallAsync("sat-101", "101"), Is.EqualTo("closed"));
        var saturday = await StatusAsync();
        Assert.That(Hours(saturday["103"], "phone"), Is.Empty, "the department's own phone hours: Mon–Fri");
        Assert.That(Hours((await LineStatusAsync("hotline"))["103"], "phone"), Is.EqualTo(new[] { "10:00-18:00" }), "through the hotline");
        Assert.That(Hours(saturday["103"], "chat"), Is.Empty);
        Assert.That(saturday["102"].GetProperty("state").GetString(), Is.EqualTo("unavailable"));

        // Monday 20:30: technical support (09–21) is still open on both channels, the others are closed.
        await server.ResetClockAsync(GosChatServer.MondayMorning + NodaTime.Duration.FromDays(7) + NodaTime.Duration.FromMinutes(630));
        Assert.That(await CallAsync("mon-101", "101"), Is.EqualTo("enqueue"));
        Assert.That(await CallAsync("mon-104", "104"), Is.EqualTo("closed"));
        var monday = await StatusAsync();
        Assert.That(monday["101"].GetProperty("open").GetBoolean(), Is.True);
        Assert.That(Hours(monday["101"], "chat"), Is.EqualTo(new[] { "09:00-21:00" }));
        Assert.That(Hours(monday["102"], "chat"), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(Hours(monday["102"], "phone"), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(Hours((await LineStatusAsync("hotline"))["102"], "phone"), Is.EqualTo(new[] { "09:00-20:00" }));
        Assert.That(monday["102"].GetProperty("open").GetBoolean(), Is.False);
    }

    private static readonly (string Line, string Dialed)[] LineNumbers =
    [
        ("general", "+7 (495) 123-45-67 102"),
        ("technical", "+7 (495) 123-45-01"),
        ("legal", "8 (495) 123-45-06"),
        ("hotline", "8-800-555-35-35 доб. 103"),
    ];

    /// <summary>
    /// The seeds' four lines, each called on its own number: Saturday 11:00, Saturday 20:30 and Monday 20:30 Moscow time.
    /// The general line's automated menu answers out of hours (voicemail, callback), its staff Mon–Fri 08–20; technical
    /// support 09–21 on working days; legal consultations 08–20 every day; the hotline Mon–Fri 09–20 and Saturday 10–18.
    /// </summary>
    [Test]
    public async Task ExampleSettings_RouteACallToEachLinesNumber_WhereItsRulesSay()
    {
        var settings = await ExampleSettingsAsync();
        settings["GosChat:Ivr:ApiKeys:0"] = "example-test-key";
        var saturday11 = GosChatServer.MondayMorning + NodaTime.Duration.FromDays(5) + NodaTime.Duration.FromHours(1);
        var clock = new NodaTime.Testing.FakeClock(saturday11);
        await using var server = await GosChatServer.StartAsync(settings: settings, clock: clock, environment: "Production");

        // Days after the test's Monday at an hour, Moscow time, as the API writes instants.
        static string At(int days, int hour) => NodaTime.Text.InstantPattern.General.Format(
            GosChatServer.MondayMorning + NodaTime.Duration.FromDays(days) + NodaTime.Duration.FromHours(hour - 10));
        async Task<JsonElement> CallAsync(string id, string dialed)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/ivr/calls") { Content = JsonContent.Create(new { callId = id, caller = "+79001234567", dialed }) };
            request.Headers.Add("X-Api-Key", "example-test-key");
            var response = await server.Http.SendAsync(request);
            Assert.That(response.IsSuccessStatusCode, Is.True, dialed);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        async Task<Dictionary<string, (string Action, string? Queue, string? NextOpening)>> CallEachAsync(string when)
        {
            var answers = new Dictionary<string, (string, string?, string?)>();
            foreach (var (line, dialed) in LineNumbers)
            {
                var a = await CallAsync($"{when}-{line}", dialed);
                Assert.That(a.GetProperty("line").GetString(), Is.EqualTo(line), dialed);
                answers[line] = (a.GetProperty("action").GetString()!, a.TryGetProperty("queue", out var q) ? q.GetString() : null,
                    a.TryGetProperty("nextOpening", out var n) ? n.GetString() : null);
                if (answers[line].Item1 == "closed")
                    Assert.That(a.GetProperty("options").EnumerateArray().Select(o => o.GetString()), Is.EquivalentTo(new[] { "voicemail", "callback" }),
                        "out of staffed hours the automated menu answers");
            }
            return answers;
        }

        // Saturday 11:00: the legal line and the hotline are staffed; the general and technical lines answer automated.
        var sat = await CallEachAsync("sat11");
        Assert.That(sat["general"], Is.EqualTo(("closed", "102", At(7, 8))), "general: Monday 08:00");
        Assert.That(sat["technical"], Is.EqualTo(("closed", "101", At(7, 9))), "technical: Monday 09:00");
        Assert.That(sat["legal"], Is.EqualTo(("enqueue", "106", (string?)null)));
        Assert.That(sat["hotline"], Is.EqualTo(("enqueue", "103", (string?)null)), "the hotline's Saturday, though 103's own phone is closed");

        // Saturday 20:30: everything staffed is closed; the legal line opens first, on Sunday 08:00.
        await server.ResetClockAsync(saturday11 + NodaTime.Duration.FromMinutes(570));
        var satEvening = await CallEachAsync("sat2030");
        Assert.That(satEvening.Values.Select(a => a.Action), Is.All.EqualTo("closed"));
        Assert.That(satEvening["legal"].NextOpening, Is.EqualTo(At(6, 8)));
        Assert.That(satEvening["hotline"].NextOpening, Is.EqualTo(At(7, 9)), "the hotline: Monday 09:00");

        // Monday 20:30: only technical support (09–21) is still staffed.
        await server.ResetClockAsync(GosChatServer.MondayMorning + NodaTime.Duration.FromDays(7) + NodaTime.Duration.FromMinutes(630));
        var mon = await CallEachAsync("mon2030");
        Assert.That(mon["technical"], Is.EqualTo(("enqueue", "101", (string?)null)));
        Assert.That(mon["general"].Action, Is.EqualTo("closed"));
        Assert.That(mon["legal"].NextOpening, Is.EqualTo(At(8, 8)), "legal: Tuesday 08:00");
        Assert.That(mon["hotline"].NextOpening, Is.EqualTo(At(8, 9)), "hotline: Tuesday 09:00");

        // The same extension means what the line's menu says: 101 is not on the hotline's menu, so it asks again with its own.
        var reprompt = await CallAsync("mon-hotline-101", "8-800-555-35-35 доб. 101");
        Assert.That(reprompt.GetProperty("action").GetString(), Is.EqualTo("reprompt"));
        Assert.That(reprompt.GetProperty("menu").EnumerateArray().Select(m => m.GetProperty("extension").GetString()),
            Is.EqualTo(new[] { "102", "103", "104" }));
    }

    [Test]
    public async Task ExampleSettings_RunTheLegalLine_EveryDay0800To2000_ForItsLawyers()
    {
        var settings = await ExampleSettingsAsync();
        settings["GosChat:Ivr:ApiKeys:0"] = "example-test-key";
        // Sunday 11:00 Moscow time of the test week: every other line is closed.
        var clock = new NodaTime.Testing.FakeClock(GosChatServer.MondayMorning + NodaTime.Duration.FromDays(6) + NodaTime.Duration.FromHours(1));
        await using var server = await GosChatServer.StartAsync(settings: settings, clock: clock, environment: "Production");

        async Task<JsonElement> CallAsync(string id, string dialed)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/ivr/calls") { Content = JsonContent.Create(new { callId = id, caller = "+79001234567", dialed }) };
            request.Headers.Add("X-Api-Key", "example-test-key");
            return await (await server.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        }
        async Task<Dictionary<string, JsonElement>> StatusAsync() =>
            (await server.Http.GetFromJsonAsync<JsonElement>("api/status")).GetProperty("queues").EnumerateArray()
            .ToDictionary(q => q.GetProperty("id").GetString()!);
        static string[] Hours(JsonElement q, string channel) => q.GetProperty("hours").GetProperty(channel).EnumerateArray().Select(w => w.GetString()!).ToArray();

        var sunday = await StatusAsync();
        Assert.That(sunday.Keys.Take(4), Is.EqualTo(new[] { "101", "102", "103", "104" }), "the contract's queues stay as they were");
        Assert.That(sunday["106"].GetProperty("open").GetBoolean(), Is.True);
        Assert.That(Hours(sunday["106"], "chat"), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(Hours(sunday["106"], "phone"), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(sunday["102"].GetProperty("open").GetBoolean(), Is.False);

        var call = await CallAsync("sun-106", "+7 (495) 123-45-67 106");
        Assert.That(call.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(call.GetProperty("queue").GetString(), Is.EqualTo("106"));

        // Its lawyer signs in and is offered the call: the line is staffed by the operators of queue 106.
        var login = await server.Http.PostAsJsonAsync("api/auth/login", new { login = "yuristova", password = "example" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        await using var lawyer = await GosChatServer.ConnectAsync(server.Url("hubs/operator"), token);
        var offers = new System.Collections.Concurrent.ConcurrentQueue<OfferDto>();
        lawyer.On<OfferDto>("Offer", offers.Enqueue);
        await lawyer.InvokeAsync("SetPresence", "available");
        await Eventually.AssertAsync(() => offers.Any(o => o.Queue == "106" && o.Channel == "call"), "the legal call offered to the lawyer");

        // Sunday 20:30: the legal line has closed.
        await server.ResetClockAsync(GosChatServer.MondayMorning + NodaTime.Duration.FromDays(6) + NodaTime.Duration.FromMinutes(630));
        Assert.That((await CallAsync("sun-late-106", "106")).GetProperty("action").GetString(), Is.EqualTo("closed"));
    }

    [Test]
    public void ExampleSettings_JobSections_StateTheCodesDefaults()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.example.json"), optional: false, reloadOnChange: false)
            .Build();
        static string Json(object value) => JsonSerializer.Serialize(value);

        var jobs = config.GetSection(GosChat.Server.Jobs.JobsOptions.Section).Get<GosChat.Server.Jobs.JobsOptions>();
        var webhook = config.GetSection(GosChat.Server.Api.Ivr.IvrSettings.Section).Get<GosChat.Server.Api.Ivr.IvrSettings>()?.Webhook;

        Assert.That(Json(jobs!), Is.EqualTo(Json(new GosChat.Server.Jobs.JobsOptions())));
        Assert.That(Json(webhook!), Is.EqualTo(Json(new GosChat.Server.Api.Ivr.WebhookSettings { Url = "", Secret = "" })));
    }
}
