using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Every log line a running node writes from now on, at the levels its configuration lets through
/// (appsettings.json: the production defaults): added as one more provider of the node's own logger factory.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public static LogCapture Attach(TestNode node)
    {
        var capture = new LogCapture();
        node.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
