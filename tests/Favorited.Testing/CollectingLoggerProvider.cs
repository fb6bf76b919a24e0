using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Favorited.Testing;

/// <summary>Keeps every log line a service writes, so a test can assert what was logged.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(Logs);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(ConcurrentQueue<(LogLevel, string)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue((logLevel, formatter(state, exception)));
    }
}
