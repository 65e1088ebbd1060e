using System.Diagnostics;
using System.Text.Json;
using GosChat.TestSupport.Server;

namespace GosChat.Server.Tests.Configuration;

/// <summary>
/// With <c>Logging:Console:FormatterName=json</c> (ASP.NET Core's built-in JSON console formatter) the real server
/// process writes one JSON object per line, each with its event id, category, level, message and structured values.
/// </summary>
public sealed class JsonLogTests
{
    [Test]
    public async Task TheServerProcess_WritesJsonLines_WithEventIds_WhenConfigured()
    {
        var data = Directory.CreateTempSubdirectory("goschat-jsonlog-");
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = RepositoryPaths.ServerProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["GosChat__DataFolder"] = data.FullName;
        start.Environment["Redis__Configuration"] = "";
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Application started", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            data.Delete(recursive: true);
        }

        Assert.That(lines, Is.Not.Empty);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList(); // every line is a JSON object
        Assert.That(entries, Has.All.Matches<JsonElement>(e => e.TryGetProperty("EventId", out _) && e.TryGetProperty("Category", out _)
                                                              && e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Message", out _)));
        var storage = entries.Single(e => e.GetProperty("Category").GetString() == "GosChat.Server" && e.GetProperty("EventId").GetInt32() == 1);
        Assert.That(storage.GetProperty("Message").GetString(), Does.StartWith("GosChat storage: embedded"));
        Assert.That(storage.GetProperty("State").GetProperty("Storage").GetString(), Does.StartWith("embedded"), "structured values are fields");
    }
}
