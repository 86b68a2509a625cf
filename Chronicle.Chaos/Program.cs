using System.Runtime.InteropServices;
using Chronicle.Chaos;
using Chronicle.Chaos.Nemesis;
using Chronicle.Chaos.Nemesis.Partitions;
using Chronicle.DevStack;

// ./chronicle chaos: the bank test against the running `up --nodes N [--ha]` stack. Exit 0: no violation; 1: violations; 2: bad command line.
// API keys from the environment, never the command line (ps shows it): CHRONICLE_API_KEY, CHRONICLE_OPERATOR_KEY.
const string usage = """
    usage: Chronicle.Chaos --url URL --event-store CONNECTION --chronicle PATH [options]
      --nemesis LIST       the faults that take turns, comma-separated [every one the stack supports]:
                           kill, stop-nats, stop-read-model, partition-ledger, partition-gateway (root, nft),
                           kill-nats, kill-store-primary (up --ha)
      --duration S         seconds the clients run and the nemesis acts [300]
      --clients N          concurrent clients [8]
      --accounts N         accounts, 100.00 each at the start [20]
      --fault-every S      seconds between the end of one fault and the next [20]
      --fault-length S     seconds each fault but a partition lasts [15]
      --partition-length MIN-MAX   seconds a partition lasts, drawn each time [20-40]
      --seed N             operations, amounts and victims; the same seed repeats a run [random]
    """;

// Ctrl-C or SIGTERM in the middle of a partition: its rules go before the process does (the finally blocks
// do not run then). What other faults stopped, `./chronicle up` starts again.
using var interrupted = PosixSignalRegistration.Create(PosixSignal.SIGINT, RemovePartitionRules);
using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RemovePartitionRules);

try
{
    var arguments = ChaosArguments.Parse(args);
    var keys = StackKeys.FromEnvironment();
    using var gateway = Gateway(arguments.Url, keys.Client);
    using var operatorGateway = Gateway(arguments.Url, keys.Operator);
    var root = Path.GetDirectoryName(Path.GetFullPath(arguments.Chronicle))!;
    var state = Path.Combine(root, ".chronicle");
    using var control = await StackControl.ConnectAsync(Path.Combine(state, "control.json"))
                        ?? throw new ArgumentException("no dev stack runs (./chronicle up --nodes 3)");
    var stack = new DevStackDefinition(root, control.Address.LedgerNodes, StackPorts.Resolve(EnvFile.Read(Path.Combine(state, "env"))), SeedNodes: null,
        control.Address.Replicated);
    var result = await ChaosRun.RunAsync(gateway, operatorGateway, new DevStackNemesis(control, stack, operatorGateway), arguments.EventStore, arguments.Options);
    Console.Write(ChaosReport.Format(result));
    return result.Violations.Count == 0 ? 0 : 1;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"chaos: {e.Message}\n{usage}");
    return 2;
}

static void RemovePartitionRules(PosixSignalContext context)
{
    if (!NftTable.Usable) return;
    NftTable.RemoveAsync().GetAwaiter().GetResult();
    Console.Error.WriteLine($"chaos: {context.Signal}: partition rules removed (nft table inet {NftTable.Name}); './chronicle up' starts what a fault stopped");
}

static HttpClient Gateway(Uri url, string? key)
{
    var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    if (key is { Length: > 0 })
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    return client;
}
