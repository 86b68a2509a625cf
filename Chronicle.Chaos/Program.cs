using Chronicle.Chaos;
using Chronicle.Chaos.Nemesis;
using Chronicle.DevStack;

// ./chronicle chaos: the bank test against the running `up --nodes N` stack. Exit 0: no violation; 1: violations; 2: bad command line.
// API keys from the environment, never the command line (ps shows it): CHRONICLE_API_KEY, CHRONICLE_OPERATOR_KEY.
const string usage = """
    usage: Chronicle.Chaos --url URL --event-store CONNECTION --chronicle PATH [options]
      --nodes N            ledger nodes of the stack (ledger-1..N), one of which is killed at a time [3]
      --duration S         seconds the clients run and the nemesis acts [300]
      --clients N          concurrent clients [8]
      --accounts N         accounts, 100.00 each at the start [20]
      --fault-every S      seconds between the end of one fault and the next [20]
      --fault-length S     seconds each fault lasts [15]
      --seed N             operations, amounts and victims; the same seed repeats a run [random]
    """;

try
{
    var arguments = ChaosArguments.Parse(args);
    var keys = StackKeys.FromEnvironment();
    using var gateway = Gateway(arguments.Url, keys.Client);
    using var operatorGateway = Gateway(arguments.Url, keys.Operator);
    var nemesis = new DevStackNemesis(new DevStackDriver(arguments.Chronicle), arguments.LedgerNodes);
    var result = await ChaosRun.RunAsync(gateway, operatorGateway, nemesis, arguments.EventStore, arguments.Options);
    Console.Write(ChaosReport.Format(result));
    return result.Violations.Count == 0 ? 0 : 1;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"chaos: {e.Message}\n{usage}");
    return 2;
}

static HttpClient Gateway(Uri url, string? key)
{
    var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    if (key is { Length: > 0 })
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    return client;
}
