using System.Globalization;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Cluster;

/// <summary>
/// A ledger node lost during writes, two ways: killed (SIGKILL: the split-brain resolver downs it and its
/// shards start on the survivors) and stopped (SIGTERM: it leaves, handing its shards over first). Writes
/// go through a gateway-only node; the journal is the judge.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class FailoverTests(LedgerFixture fixture)
{
    /// <summary>Failure detection (4 s), the resolver's stable-after (5 s), the removal margin (1 s), recovery: with much room for a loaded machine.</summary>
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan WritesDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_killed_ledger_nodes_accounts_are_served_by_the_survivors_with_no_acknowledged_write_lost_or_applied_twice()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("c_kill");
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 3);
        var accounts = Enumerable.Range(1, 24).Select(i => $"k-{i}").ToList();
        foreach (var id in accounts) await cluster.Gateway.CreateAccountAsync(id);
        // ledger-2: not the oldest, so the coordinators stay where they are and the shards alone move.
        var victim = cluster.Ledgers[1];
        var victimAccounts = (await cluster.AccountHomesAsync(accounts)).Where(h => h.Value == victim.Address).Select(h => h.Key).ToList();
        Assert.NotEmpty(victimAccounts);

        await using var writes = new RetriedDeposits(cluster.Gateway, accounts, workers: 4, keyPrefix: "kill");
        await Eventually.Until(() => Task.FromResult(writes.Acknowledged), n => n >= 100, WritesDeadline, "100 deposits before the kill");
        await victim.KillAsync();

        await cluster.AwaitRemovedAsync(victim.Address, FailoverDeadline);
        var removedAt = DateTimeOffset.UtcNow;
        await Eventually.Until(() => Task.FromResult(victimAccounts.Count(id => writes.LastAcknowledgedAt(id) > removedAt)),
            served => served == victimAccounts.Count, FailoverDeadline, $"a deposit acknowledged to each of ledger-2's {victimAccounts.Count} accounts after it was removed");
        var acknowledged = await writes.StopAsync();

        // Every acknowledged deposit is in the journal once, and nothing else is: no loss, no double apply
        // (the tries that got no answer, retried under their key, were applied at most once).
        var journalKeys = await JournalSql.IdempotencyKeysAsync(eventStore);
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), journalKeys.Order(StringComparer.Ordinal));
        foreach (var id in accounts)
        {
            var expected = acknowledged.Values.Count(account => account == id).ToString("0.00", CultureInfo.InvariantCulture);
            var account = await (await cluster.Gateway.Http.GetAsync($"/accounts/{id}?consistency=strong")).BodyAsync();
            Assert.Equal((id, expected), (id, account.Str("balance")));
        }
        Assert.True(writes.FailedTries > 0, "the kill left no deposit unanswered: it did not test the failover");
    }

    [Fact]
    public async Task A_ledger_node_stopped_with_SIGTERM_hands_its_accounts_over_without_failing_a_request()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("c_leave");
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 3);
        var accounts = Enumerable.Range(1, 24).Select(i => $"l-{i}").ToList();
        foreach (var id in accounts) await cluster.Gateway.CreateAccountAsync(id);
        // ledger-1, the oldest: besides its shards, the shard coordinators and the event forwarder move.
        var leaver = cluster.Ledgers[0];
        Assert.Contains(leaver.Address, (await cluster.AccountHomesAsync(accounts)).Values);

        // Four clients that fail on any answer but 201, each going round every account, each deposit under its own key.
        var clients = Enumerable.Range(0, 4).Select(c => new BackgroundDeposits(cluster.Gateway, [.. accounts.Skip(c * 6), .. accounts.Take(c * 6)])).ToList();
        long accepted = 0;
        DateTime? terminatedAt = null;
        try
        {
            await Eventually.Until(() => Task.FromResult(Accepted(clients)), n => n >= 100, WritesDeadline, "100 deposits before the leave");
            terminatedAt = DateTime.UtcNow;
            await leaver.TerminateAsync();
            await leaver.WaitForExitAsync(FailoverDeadline);
            Assert.True(leaver.ExitCode == 0, $"ledger-1 exited {leaver.ExitCode}; its log ends:\n{leaver.LogTail()}");
            await cluster.AwaitRemovedAsync(leaver.Address, FailoverDeadline);

            // Every client goes once more round all accounts, ledger-1's former ones included.
            var after = clients.Select(c => c.Accepted).ToList();
            long FewestSinceLeave()
            {
                Accepted(clients);
                return clients.Select((c, i) => c.Accepted - after[i]).Min();
            }
            await Eventually.Until(() => Task.FromResult(FewestSinceLeave()), n => n >= accounts.Count, WritesDeadline,
                "every client once more round every account");
            // Throws what made a deposit fail, if one did.
            foreach (var client in clients) accepted += await client.StopAsync();
        }
        catch (InvalidOperationException e) when (terminatedAt is not null)
        {
            throw new InvalidOperationException($"{e.Message}\nSIGTERM to ledger-1 at {terminatedAt:HH:mm:ss.fff}; its log ends:\n{leaver.LogTail(80)}", e);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
        Assert.Equal(accepted, await JournalSql.LedgerRowsAsync(eventStore) - accounts.Count);
        // Asked again by the gateway or not, each keyed deposit is in the journal once.
        var keys = await JournalSql.IdempotencyKeysAsync(eventStore);
        Assert.Equal((accepted, accepted), ((long)keys.Count, (long)keys.Distinct().Count()));
    }

    /// <summary>Deposits accepted so far; throws at once when a client got anything but 201.</summary>
    private static long Accepted(IReadOnlyList<BackgroundDeposits> clients)
    {
        foreach (var client in clients) client.ThrowIfFailed();
        return clients.Sum(c => c.Accepted);
    }
}
