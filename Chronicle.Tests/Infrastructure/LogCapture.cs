using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// The lines a node writes to its console, as its own console formatter renders them: a logger
/// provider added to the node's logger factory, so the node's level rules apply to it as to the console.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConsoleFormatter _formatter;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly LoggerExternalScopeProvider _scopes = new();

    private LogCapture(ConsoleFormatter formatter) => _formatter = formatter;

    /// <summary>The name of the formatter the node's console uses ("json", "simple", ...).</summary>
    public string FormatterName => _formatter.Name;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Text => string.Concat(_lines);

    /// <summary>Captures from now on (a running node's startup lines are gone; see <see cref="AttachTo"/> for those).</summary>
    public static LogCapture Attach(TestNode node) => AttachTo(node.Services);

    public static LogCapture AttachTo(IServiceProvider node)
    {
        var name = node.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var capture = new LogCapture(node.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == name));
        node.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        // The factory's filter rules decided already.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var line = new StringWriter();
            capture._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, line);
            capture._lines.Enqueue(line.ToString());
        }
    }
}
