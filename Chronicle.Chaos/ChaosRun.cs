using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Chaos.Checker;
using Chronicle.Chaos.Nemesis;
using Chronicle.Chaos.Nemesis.Partitions;
using Chronicle.Chaos.Workload;

namespace Chronicle.Chaos;

/// <summary>What a run did and found.</summary>
/// <param name="Verify">The read model against the journal, as POST /admin/verify said it after the faults.</param>
internal sealed record ChaosResult(
    ChaosOptions Options, string RunId, IReadOnlyCollection<BankOperation> Log, IReadOnlyList<InjectedFault> Faults,
    IReadOnlyList<Violation> Violations, string Verify);

/// <summary>
/// One chaos run: fresh accounts, the clients and the nemesis for <see cref="ChaosOptions.Duration"/>,
/// every fault healed, the transfers let finish, then the checker over the clients' log and the journal,
/// and verify over the read model.
/// </summary>
internal static class ChaosRun
{
    public const string ReadModelProperty = "read model equals the journal fold";

    public const string HealedProperty = "the stack whole again after each fault";

    /// <param name="gateway">The gateway, with a client's API key: the bank's operations.</param>
    /// <param name="operatorGateway">The gateway, with an operator's API key: verify.</param>
    public static async Task<ChaosResult> RunAsync(HttpClient gateway, HttpClient operatorGateway, INemesis nemesis, string eventStore, ChaosOptions options)
    {
        var faults = FaultCatalog.Select(nemesis, options);
        // Rules a run killed outright (SIGKILL, a crash) may have left would cut the cluster from the start.
        if (NftTable.Usable) await NftTable.RemoveAsync();
        var runId = string.Create(CultureInfo.InvariantCulture, $"chaos{options.Seed & 0xffff:x4}{DateTime.UtcNow:HHmmss}");
        var accounts = Enumerable.Range(1, options.Accounts).Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-a{i}")).ToList();
        var clock = new Stopwatch();
        var clients = new BankClients(gateway, accounts, options.Seed, runId, clock);
        foreach (var account in accounts) await clients.CreateAccountAsync(account, options.InitialBalanceMinorUnits);
        Console.WriteLine($"chaos: run {runId}, seed {options.Seed}: {accounts.Count} accounts, {options.Clients} clients, {options.Duration.TotalSeconds:0}s, " +
                          $"a fault every {options.FaultEvery.TotalSeconds:0}s: {string.Join(", ", faults.Select(f => f.Name))}");

        var schedule = new FaultSchedule(nemesis, faults, options.FaultEvery, options.Seed);
        clock.Start();
        Console.WriteLine($"chaos: 0.0s is {DateTime.UtcNow:HH:mm:ss.fff} UTC (the nodes' logs are in UTC)");
        // The faults end a fault's interval before the clients do: the last stretch shows the stack serving whole again.
        using (var stop = new CancellationTokenSource(options.Duration))
            await Task.WhenAll(clients.RunAsync(options.Clients, stop.Token), schedule.RunAsync(clock, options.Duration - options.FaultEvery));
        Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0}s clients stopped after {clients.Log.Count} operations; letting the transfers finish");

        var transfers = clients.Log.Where(o => o.Kind == OperationKind.Transfer).Select(o => o.Key).ToList();
        var journal = await SettledAsync(eventStore, accounts, transfers, options.Settle);
        var violations = BankChecker.Check(clients.Log, journal).ToList();
        var verify = await VerifyAsync(operatorGateway, options.Settle);
        if (!verify.Clean) violations.Add(new Violation(ReadModelProperty, verify.Summary));
        if (schedule.HealFailure is { } unhealed) violations.Add(new Violation(HealedProperty, unhealed));
        return new ChaosResult(options, runId, clients.Log, schedule.Faults, violations, verify.Summary);
    }

    /// <summary>The journal once every transfer has ended (sources resume them by themselves after a node's crash), or as it is at the deadline.</summary>
    private static async Task<JournalHistory> SettledAsync(string eventStore, IReadOnlyList<string> accounts, IReadOnlyList<string> transfers, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            // Polling: a transfer's end is a row to appear, not an event this process is told of.
            var journal = await JournalHistory.ReadAsync(eventStore, accounts, CancellationToken.None);
            var ends = journal.TransferEnds();
            var running = transfers.Count(id => ends.TryGetValue(id, out var end) && !BankChecker.Ended(end));
            if (running == 0 || DateTime.UtcNow > until) return journal;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>POST /admin/verify, the rows behind the journal given <paramref name="settle"/> to catch up; retried while the read side recovers.</summary>
    private static async Task<(bool Clean, string Summary)> VerifyAsync(HttpClient gateway, TimeSpan settle)
    {
        var until = DateTime.UtcNow + settle;
        var last = "no answer";
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var response = await gateway.PostAsync($"/admin/verify?settle_seconds={(int)settle.TotalSeconds}", null);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (response.IsSuccessStatusCode)
                {
                    var clean = body.GetProperty("clean").GetBoolean();
                    return (clean, clean
                        ? $"clean: {body.GetProperty("entities_checked").GetInt64():N0} accounts/transfers"
                        : $"{body.GetProperty("differences_total").GetInt32()} differences, e.g. {body.GetProperty("differences")[0]}");
                }
                last = $"{(int)response.StatusCode} {body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e.Message;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return (false, $"verify did not answer: {last}");
    }
}
