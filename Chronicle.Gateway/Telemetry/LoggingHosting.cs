namespace Chronicle.Gateway.Telemetry;

/// <summary>
/// The node logs one JSON object per line on stdout (Microsoft.Extensions.Logging's JSON console
/// formatter): what container platforms collect and log stores index. Akka's own logging goes
/// through the same loggers (<see cref="AkkaLogger"/>, Akka's only logger). docs/OPERATIONS.md
/// shows a line and says what is never logged.
/// </summary>
public static class LoggingHosting
{
    public static ILoggingBuilder AddChronicleLogging(this ILoggingBuilder logging) =>
        logging.ClearProviders().AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
}
