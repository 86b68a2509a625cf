namespace Chronicle.DevStack;

/// <summary>
/// The dev stack's ports on 127.0.0.1. Each is taken from its environment variable, else from what the
/// last <c>up</c> recorded in .chronicle/env (so status, down and the bench find a stack started with
/// custom ports), else the default.
/// </summary>
/// <param name="Node">HTTP of node-1 or gateway-1; ledger-n listens on it + n, projector-1 on it + 10.</param>
/// <param name="Akka">Akka remoting of node-1 and ledger-1; ledger-n on it + n - 1, gateway-1 + 10, projector-1 + 20.</param>
/// <param name="Dashboard">The Aspire dashboard; its OTLP endpoint on it + 1, its resource service on it + 2.</param>
/// <param name="ReplicatedEventStore">With --ha: the first of the replicated event store's ports (<see cref="ReplicaPorts.From"/>).</param>
public sealed record StackPorts(int Node, int Akka, int Nats, int NatsMonitor, int EventStore, int ReadModel, int Dashboard, int ReplicatedEventStore)
{
    public static StackPorts Resolve(IReadOnlyDictionary<string, string> recorded)
    {
        int Port(string variable, int fallback)
        {
            var text = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set ? set : recorded.GetValueOrDefault(variable);
            if (string.IsNullOrEmpty(text)) return fallback;
            return int.TryParse(text, out var port) && port is > 0 and < 65536
                ? port
                : throw new ArgumentException($"{variable}='{text}' is not a TCP port");
        }

        return new StackPorts(
            Port("CHRONICLE_PORT", 5080), Port("CHRONICLE_AKKA_PORT", 4051), Port("CHRONICLE_NATS_PORT", 14222),
            Port("CHRONICLE_NATS_MONITOR_PORT", 18222), Port("CHRONICLE_PG_PORT", 15432), Port("CHRONICLE_READ_PG_PORT", 15433),
            Port("CHRONICLE_DASHBOARD_PORT", 18888), Port("CHRONICLE_HA_PORT", 15440));
    }
}
