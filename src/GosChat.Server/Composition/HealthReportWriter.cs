using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GosChat.Server.Composition;

/// <summary>
/// The body of /healthz: the overall status and each check's status and reason, so a degraded node says why.
/// The status code stays the framework's: 200 for Healthy and Degraded, 503 for Unhealthy.
/// </summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, new HealthBody(
            report.Status.ToString(),
            report.Entries.Select(e => new HealthEntry(e.Key, e.Value.Status.ToString(), e.Value.Description)).ToList()),
            HealthJson.Default.HealthBody, http.RequestAborted);
    }
}

public sealed record HealthBody(string Status, IReadOnlyList<HealthEntry> Checks);

public sealed record HealthEntry(string Name, string Status, string? Description);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;
