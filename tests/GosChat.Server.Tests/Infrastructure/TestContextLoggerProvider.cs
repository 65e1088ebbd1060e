using Microsoft.Extensions.Logging;

namespace GosChat.Server.Tests.Infrastructure;

/// <summary>Writes test-host logs to NUnit's progress output, so failures come with the server's side of the story.</summary>
public sealed class TestContextLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            TestContext.Progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {shortCategory}] {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
