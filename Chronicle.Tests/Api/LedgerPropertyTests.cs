using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// A seeded random workload of transfers, deposits, withdrawals, freezes and unfreezes over fifty
/// accounts, run in rounds with a node restart between rounds. After every round, once every saga
/// has ended: the money on the ledger equals what was acknowledged in minus what was acknowledged
/// out, no balance is negative (nor ever was: checked on every event in the journal), and every
/// transfer is completed or failed.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class LedgerPropertyTests(LedgerFixture fixture)
{
    private const int Seed = 20261124;
    private const int Accounts = 50;
    private const int Rounds = 3;
    private const int OperationsPerRound = 200;
    private const int Workers = 8;
    private const long InitialMinorUnits = 1000_00;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Money_is_conserved_and_never_negative_across_random_operations_and_restarts()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("property");
        var random = new Random(Seed);
        var ids = Enumerable.Range(0, Accounts).Select(i => $"p{i:00}").ToArray();
        var transfers = new ConcurrentBag<string>();
        long acknowledgedInMinorUnits = Accounts * InitialMinorUnits, acknowledgedOutMinorUnits = 0;

        for (var round = 0; round < Rounds; round++)
        {
            await using var node = await TestNode.StartAsync(eventStore);
            if (round == 0)
                foreach (var id in ids) await node.CreateAccountAsync(id, "1000");

            var operations = Enumerable.Range(0, OperationsPerRound).Select(_ => NextOperation(random, ids)).ToArray();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) is var i && i < operations.Length)
                {
                    var (path, body, movesMinorUnits) = operations[i];
                    var response = await node.PostAsync(path, body);
                    Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
                    if (path == "/commands/transfer")
                        transfers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("transfer_id", out var t)
                            ? t.GetString()!
                            : throw new InvalidOperationException("transfer answer without transfer_id"));
                    else if (response.StatusCode == HttpStatusCode.Created && movesMinorUnits > 0)
                        Interlocked.Add(ref acknowledgedInMinorUnits, movesMinorUnits);
                    else if (response.StatusCode == HttpStatusCode.Created && movesMinorUnits < 0)
                        Interlocked.Add(ref acknowledgedOutMinorUnits, -movesMinorUnits);
                }
            }));

            foreach (var transfer in transfers)
            {
                var state = await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonElement>($"/transfers/{transfer}"),
                    t => t.GetProperty("status").GetString() is "completed" or "failed", Patience, $"transfer {transfer} ended");
                Assert.Contains(state.GetProperty("status").GetString(), new[] { "completed", "failed" });
            }

            long totalMinorUnits = 0;
            foreach (var id in ids)
            {
                var balance = decimal.Parse((await node.GetAccountAsync(id)).GetProperty("balance").GetString()!, CultureInfo.InvariantCulture);
                Assert.True(balance >= 0, $"{id} is at {balance}");
                totalMinorUnits += (long)(balance * 100);
            }

            Assert.Equal(acknowledgedInMinorUnits - acknowledgedOutMinorUnits, totalMinorUnits);
        }

        // "Never negative", from history rather than the end state: every balance any event recorded.
        var (moves, negative) = await JournalSql.BalancesRecordedAsync(eventStore);
        Assert.True(moves > Rounds * OperationsPerRound / 4, $"only {moves} money movements were recorded");
        Assert.Equal(0, negative);
    }

    /// <summary>(route, body, signed minor units the operation moves into or out of the ledger when acknowledged).</summary>
    private static (string Path, object Body, long MovesMinorUnits) NextOperation(Random random, string[] ids)
    {
        var account = ids[random.Next(ids.Length)];
        var amountMinorUnits = random.Next(1, 300_00);
        var amount = (amountMinorUnits / 100m).ToString(CultureInfo.InvariantCulture);
        return random.Next(10) switch
        {
            < 4 => ("/commands/transfer", new { from_account_id = account, to_account_id = Other(random, ids, account), amount }, 0),
            < 6 => ("/commands/deposit", new { account_id = account, amount }, amountMinorUnits),
            < 8 => ("/commands/withdraw", new { account_id = account, amount }, -amountMinorUnits),
            8 => ("/commands/freeze-account", new { account_id = account }, 0),
            _ => ("/commands/unfreeze-account", new { account_id = account }, 0),
        };
    }

    private static string Other(Random random, string[] ids, string account)
    {
        var other = ids[random.Next(ids.Length - 1)];
        return other == account ? ids[^1] : other;
    }
}
