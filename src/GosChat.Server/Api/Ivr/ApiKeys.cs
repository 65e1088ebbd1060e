using GosChat.Domain;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Api.Ivr;

public enum ApiKeyCheck
{
    Missing,
    Valid,
    Invalid,
}

/// <summary>Checks the X-Api-Key header against GosChat:Ivr:ApiKeys in constant time.</summary>
public sealed class IvrApiKeys(IOptionsMonitor<IvrSettings> settings)
{
    public const string Header = "X-Api-Key";

    public ApiKeyCheck Check(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrEmpty(values.ToString()))
            return ApiKeyCheck.Missing;
        var given = Encoding.UTF8.GetBytes(values.ToString());
        var valid = false;
        foreach (var key in settings.CurrentValue.ApiKeys)
        {
            if (string.IsNullOrEmpty(key)) continue;
            valid |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
        }
        return valid ? ApiKeyCheck.Valid : ApiKeyCheck.Invalid;
    }

    public static IResult Unauthorized() => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        detail: $"A valid {Header} header is required.",
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.BadApiKey });
}

/// <summary>Refuses a request without a valid API key before anything runs.</summary>
public sealed class RequireApiKey(IvrApiKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        keys.Check(context.HttpContext) == ApiKeyCheck.Valid ? await next(context) : IvrApiKeys.Unauthorized();
}
