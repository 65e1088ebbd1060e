using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GosChat.Server.Composition;

/// <summary>
/// Query strings never reach a log line. Every logger of the node (ASP.NET Core hosting's request lines, Kestrel,
/// SignalR, HttpClient, Hangfire through its bridge, our own) comes from the one <see cref="ILoggerFactory"/>, which
/// is wrapped here: in each event's message, its structured values, its scopes and its exception, anything after a
/// "?" that is glued to a word (a URL's query: <c>/hubs/operator?access_token=…</c>, <c>?expires=…&amp;sig=…</c>) becomes
/// <c>?[redacted]</c>; and hub messages that SignalR logs whole at Debug keep only their target and id, never their
/// arguments or results. Providers, their filters and their configuration are untouched (they sit behind the factory).
/// </summary>
public static partial class LogRedaction
{
    public const string Redacted = "?[redacted]";

    /// <summary>Wraps the logger factory; call once, in composition (any provider registered before or after is covered).</summary>
    public static IServiceCollection AddGosChatLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
            new RedactingLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(sp))));
        return services;
    }

    /// <summary>The text with every query string replaced; the same instance when there is none.</summary>
    public static string Redact(string text) => text.Contains('?') ? Query().Replace(text, Redacted) : text;

    /// <summary>A "?" followed at once by anything but white space or quotes: a query string (prose puts a space after "?").</summary>
    [GeneratedRegex(@"\?[^\s""'<>`]+")]
    private static partial Regex Query();

    internal static object? RedactValue(object? value) => value switch
    {
        string s => Redact(s),
        Uri uri when uri.ToString().Contains('?') => Redact(uri.ToString()),
        QueryString q => q.HasValue ? Redacted : q,
        // SignalR logs whole hub messages at Debug: their arguments and results are message texts, contact details
        // and tokens. Only what identifies the call is kept.
        HubMethodInvocationMessage m => $"{m.GetType().Name} {{ InvocationId: \"{m.InvocationId}\", Target: \"{m.Target}\", Arguments: [redacted] }}",
        CompletionMessage c => $"CompletionMessage {{ InvocationId: \"{c.InvocationId}\", Error: \"{c.Error}\", HasResult: {c.HasResult} }}",
        StreamItemMessage i => $"StreamItem {{ InvocationId: \"{i.InvocationId}\", Item: [redacted] }}",
        _ => value,
    };
}

/// <summary>
/// Whether log scopes are captured. The framework opens several for each connection (Kestrel's, the request's,
/// SignalR's), and a hub connection holds them for as long as it lasts, so they are kept only when something prints
/// them: <c>Logging:CaptureScopes</c> decides when it is set, otherwise the console's <c>IncludeScopes</c> (off by default).
/// </summary>
public static class LogScopes
{
    public static bool Wanted(IConfiguration config) =>
        config.GetValue<bool?>("Logging:CaptureScopes") ?? config.GetValue<bool>("Logging:Console:FormatterOptions:IncludeScopes");
}

internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>SignalR's dispatcher: it logs every exception a hub method throws at Error, with its stack trace.</summary>
    private const string HubDispatcher = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    // One wrapper per category, as the inner factory keeps one logger per category: the framework asks for loggers per
    // connection (SignalR, Kestrel), and a new wrapper each time would stay with each connection for its life.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RedactingLogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, factory) =>
            new RedactingLogger(factory.CreateLogger(name), dropRefusals: name == HubDispatcher), inner);
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
    public void Dispose() => inner.Dispose();
}

/// <param name="dropRefusals">
/// Drop the hub dispatcher's "failed invoking hub method" event for a <see cref="Microsoft.AspNetCore.SignalR.HubException"/>:
/// that is a refusal the hub error filter has already logged as one Debug line (method and code); the dispatcher's
/// own line would add ~1 KB of stack trace at Error for every bad request a client sends.
/// </param>
internal sealed class RedactingLogger(ILogger inner, bool dropRefusals = false) : ILogger
{
    private const int FailedInvokingHubMethod = 8;

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    /// <summary>
    /// A structured scope (the framework's: request, connection, hub connection) is redacted when a provider reads it,
    /// not when it begins: scopes live as long as a connection, and most are never written out.
    /// </summary>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
        state is IReadOnlyList<KeyValuePair<string, object?>> list ? inner.BeginScope(new RedactingScope(list))
        : RedactedState.From(state, formatted: null) is { } redacted ? inner.BeginScope(redacted) : inner.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel)) return;
        if (dropRefusals && eventId.Id == FailedInvokingHubMethod && exception is Microsoft.AspNetCore.SignalR.HubException) return;
        var safeException = RedactedException.From(exception);
        if (RedactedState.From(state, formatter(state, exception)) is { } redacted)
            inner.Log(logLevel, eventId, redacted, safeException, static (s, _) => s.ToString());
        else
            inner.Log(logLevel, eventId, state, safeException, formatter);
    }
}

/// <summary>A log event's (or scope's) state with its query strings redacted: the same structured values and a safe message.</summary>
internal sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly IReadOnlyList<KeyValuePair<string, object?>> _values;
    private readonly string _message;

    private RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message)
    {
        _values = values;
        _message = message;
    }

    /// <summary>Null when nothing in the state (or its formatted message) holds a query string.</summary>
    public static RedactedState? From<TState>(TState state, string? formatted)
    {
        var message = formatted ?? state?.ToString() ?? "";
        var safeMessage = LogRedaction.Redact(message);
        var changed = !ReferenceEquals(safeMessage, message) && safeMessage != message;
        List<KeyValuePair<string, object?>>? values = null;
        if (state is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            values = new List<KeyValuePair<string, object?>>(list.Count);
            foreach (var pair in list)
            {
                var safe = LogRedaction.RedactValue(pair.Value);
                if (!Equals(safe, pair.Value))
                {
                    changed = true;
                    // The message was formatted from the original value: take its text out of the message too.
                    if (pair.Value?.ToString() is { Length: > 0 } original && safe?.ToString() is { } replacement)
                        safeMessage = safeMessage.Replace(LogRedaction.Redact(original), replacement, StringComparison.Ordinal);
                }
                values.Add(new KeyValuePair<string, object?>(pair.Key, safe));
            }
        }
        return changed ? new RedactedState(values ?? [], safeMessage) : null;
    }

    public KeyValuePair<string, object?> this[int index] => _values[index];
    public int Count => _values.Count;
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => _message;
}

/// <summary>A structured scope whose values and text are redacted as they are read (<see cref="RedactingLogger.BeginScope"/>).</summary>
internal sealed class RedactingScope(IReadOnlyList<KeyValuePair<string, object?>> state) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public KeyValuePair<string, object?> this[int index] => Redacted(state[index]);
    public int Count => state.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var pair in state) yield return Redacted(pair);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var text = state.ToString() ?? "";
        return RedactedState.From(state, text)?.ToString() ?? text;
    }

    private static KeyValuePair<string, object?> Redacted(KeyValuePair<string, object?> pair) => new(pair.Key, LogRedaction.RedactValue(pair.Value));
}

/// <summary>An exception whose text held a query string, as its redacted text (type name, message and stack kept).</summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(Exception original, string text) : base(LogRedaction.Redact(original.Message))
    {
        _text = text;
        HResult = original.HResult;
    }

    public static Exception? From(Exception? exception)
    {
        if (exception is null) return null;
        var text = exception.ToString();
        var safe = LogRedaction.Redact(text);
        return safe == text ? exception : new RedactedException(exception, safe);
    }

    public override string? StackTrace => null;
    public override string ToString() => _text;
}
