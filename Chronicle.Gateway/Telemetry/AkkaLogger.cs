using System.Collections;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;

namespace Chronicle.Gateway.Telemetry;

/// <summary>
/// Akka's log events into Microsoft.Extensions.Logging as structured records: the category is the
/// class that logged (not one "ActorSystem" for everything), the message is the formatted text alone
/// (no Akka header inside it), and the template's arguments, the log source (actor path) and thread
/// are properties, so the JSON console lines can be searched by them.
/// </summary>
public sealed class AkkaLogger : LoggerFactoryLogger
{
    private readonly ILoggerFactory _loggerFactory =
        Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;

    /// <summary>Only this actor touches it, one log event at a time (Log is called from its Receive).</summary>
    private readonly Dictionary<Type, ILogger> _loggers = [];

    protected override void Log(LogEvent log, ActorPath path)
    {
        if (!_loggers.TryGetValue(log.LogClass, out var logger))
            _loggers[log.LogClass] = logger = _loggerFactory.CreateLogger(CategoryOf(log.LogClass));
        logger.Log(LevelOf(log), default, new AkkaLogState(log), log.Cause, static (state, _) => state.Message);
    }

    /// <summary>Akka's sources that are plain strings ("remoting", "Cluster") come with a placeholder class: "Akka" says more.</summary>
    private static string CategoryOf(Type logClass) =>
        logClass == typeof(DummyClassForStringSources) ? "Akka" : logClass.FullName ?? logClass.Name;

    private static Microsoft.Extensions.Logging.LogLevel LevelOf(LogEvent log) => log.LogLevel() switch
    {
        Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
        _ => Microsoft.Extensions.Logging.LogLevel.Error,
    };

    /// <summary>What the JSON formatter writes as the record's "State": the template's arguments by name, the source and thread.</summary>
    private sealed class AkkaLogState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _properties = [];

        public AkkaLogState(LogEvent log)
        {
            Message = log.Message?.ToString() ?? "";
            if (log.Message is LogMessage template)
            {
                foreach (var (name, value) in template.GetProperties()) _properties.Add(new(name, value));
                _properties.Add(new("{OriginalFormat}", template.Format));
            }
            _properties.Add(new("LogSource", log.LogSource));
            _properties.Add(new("Thread", log.Thread.ManagedThreadId));
        }

        public string Message { get; }

        public int Count => _properties.Count;

        public KeyValuePair<string, object?> this[int index] => _properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
