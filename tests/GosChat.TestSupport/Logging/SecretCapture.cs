using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.TestSupport.Logging;

/// <summary>
/// Collects, as a test server sees them, the secrets and personal data that test clients send and get: tokens in
/// headers and query strings, contact details and texts in JSON bodies and hub calls, resume tokens and access codes
/// in hub results. They become <see cref="LogCapture.Sensitive"/> values that no log line may contain.
/// </summary>
public static class SecretCapture
{
    private static readonly string[] QueryKeys = ["access_token", "resumeToken", "sig", "token", "code"];
    private static readonly string[] HeaderKeys = ["X-Resume-Token", "X-Access-Code", "X-Api-Key"];
    private static readonly HashSet<string> BodyKeys = new(StringComparer.OrdinalIgnoreCase)
        { "caller", "phone", "name", "text", "note", "comment", "email", "recordingUrl", "password" };
    private static readonly HashSet<string> HubParameters = new(StringComparer.OrdinalIgnoreCase)
        { "text", "resumeToken", "comment", "resolution", "note", "request", "name", "phone", "email" };
    private static readonly HashSet<string> NotSensitive = new(StringComparer.OrdinalIgnoreCase)
        // A ticket is a reference, not a secret: it names jobs and request URLs (StartSession's continueRequest carries one
        // beside its access code, which stays sensitive).
        { "Topic", "Language", "Kind", "Expires", "Queue", "DeadlineClass", "Ticket" };
    private static readonly HashSet<string> ResultKeys = new(StringComparer.OrdinalIgnoreCase) { "ResumeToken", "AccessCode", "AccessToken" };

    /// <summary>The middleware that reads each request's secrets before the server handles it.</summary>
    public sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                await CaptureAsync(http.Request);
                await nextMiddleware(http);
            });
            next(app);
        };
    }

    private static async Task CaptureAsync(HttpRequest request)
    {
        foreach (var key in QueryKeys) LogCapture.Sensitive(request.Query[key].ToString());
        foreach (var key in HeaderKeys) LogCapture.Sensitive(request.Headers[key].ToString());
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) LogCapture.Sensitive(authorization[7..]);
        foreach (var cookie in request.Cookies) LogCapture.Sensitive(cookie.Value);
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && request.ContentLength is > 0 and < 65536)
        {
            request.EnableBuffering();
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body);
                Collect(doc.RootElement);
            }
            catch (JsonException) { /* not JSON after all: the server answers it */ }
            request.Body.Position = 0;
        }
    }

    private static void Collect(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && BodyKeys.Contains(p.Name)) LogCapture.Sensitive(p.Value.GetString());
                else Collect(p.Value);
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray()) Collect(item);
    }

    /// <summary>A hub filter: the texts and contact details of hub calls, and the tokens in their results.</summary>
    public sealed class HubFilter : IHubFilter
    {
        public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            var parameters = context.HubMethod.GetParameters();
            for (var i = 0; i < parameters.Length && i < context.HubMethodArguments.Count; i++)
                if (HubParameters.Contains(parameters[i].Name ?? "")) CollectObject(context.HubMethodArguments[i], depth: 0);
            var result = await next(context);
            if (result is not null && result is not string)
                foreach (var property in result.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    if (ResultKeys.Contains(property.Name) && property.GetValue(result) is string secret) LogCapture.Sensitive(secret);
            return result;
        }
    }

    private static void CollectObject(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                LogCapture.Sensitive(s);
                return;
            case { } o when depth < 2 && o.GetType().Namespace?.StartsWith("GosChat", StringComparison.Ordinal) == true:
                foreach (var property in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    if (!NotSensitive.Contains(property.Name) && property.GetIndexParameters().Length == 0)
                        CollectObject(property.GetValue(o), depth + 1);
                return;
        }
    }
}
