using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Actors.Accounts;
using Chronicle.Cli;
using Chronicle.Contracts.Ids;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chain;

/// <summary>
/// Every account event carries its link in the account's hash chain, written by the account as it records the event, and
/// GET /accounts/{id}/verify-chain and <c>chronicle verify --chain</c> recompute it from the journal: valid over every kind
/// of write, across restarts and snapshots; broken, at the right version, by an edit of a row or a deleted row.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HashChainTests(LedgerFixture fixture)
{
    private const int SnapshotEvery = 4;

    [Fact]
    public async Task A_chain_over_every_kind_of_write_is_valid_and_continues_across_a_restart_and_from_a_snapshot()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("chain_valid");
        var settings = new AccountSettings { SnapshotEveryEvents = SnapshotEvery };
        await using (var node = await TestNode.StartAsync(eventStore, settings))
        {
            await node.CreateAccountAsync("h-a", "100");
            await node.CreateAccountAsync("h-b");
            await node.CreateAccountAsync("h-c");
            await Created(node, "/commands/deposit", new { account_id = "h-a", amount = "5.00" });
            await Created(node, "/commands/withdraw", new { account_id = "h-a", amount = "2.00" });
            await Created(node, "/commands/transfer", new { from_account_id = "h-a", to_account_id = "h-b", amount = "3.00" });
            await Created(node, "/commands/transfer", new { from_account_id = "h-a", to_account_id = "h-c", amount = "4.00", transfer_id = "h-hold", hold = true });
            Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/void-transfer", new { transfer_id = "h-hold" })).StatusCode);
            await Eventually.Until(() => JournalSql.TransfersInFlightAsync(eventStore), n => n == 0, TimeSpan.FromSeconds(30), "transfers ended");
            // h-a: created, deposit, withdrawal, sent, settled, held, released, release confirmed: its second snapshot is its last event.
            await Eventually.Until(() => JournalSql.SnapshotSequenceNumbersAsync(eventStore, PersistenceIds.Account("h-a")), s => s.Contains(8),
                TimeSpan.FromSeconds(30), "h-a's snapshot at version 8");

            Assert.Equal((8L, 2L, 3L), (await AssertValidAsync(node, "h-a"), await AssertValidAsync(node, "h-b"), await AssertValidAsync(node, "h-c")));
            Assert.Equal(await JournalSql.StoredHashAsync(eventStore, PersistenceIds.Account("h-a"), 8),
                await JournalSql.StoredHashAsync(eventStore, PersistenceIds.Account("h-a"), 8, snapshot: true));
        }

        // h-a starts from its snapshot with no event after it, h-b from its two events: each continues its chain.
        await using var restarted = await TestNode.StartAsync(eventStore, settings);
        await Created(restarted, "/commands/deposit", new { account_id = "h-a", amount = "1.00" });
        await Created(restarted, "/commands/transfer", new { from_account_id = "h-a", to_account_id = "h-b", amount = "1.00" });
        await Eventually.Until(() => JournalSql.TransfersInFlightAsync(eventStore), n => n == 0, TimeSpan.FromSeconds(30), "transfer settled");

        Assert.Equal((11L, 3L), (await AssertValidAsync(restarted, "h-a"), await AssertValidAsync(restarted, "h-b")));
        var cli = await CliRun.RunAsync(restarted.Keys.Operator, "verify", "--chain", "--url", restarted.Url.ToString());
        Assert.True(cli.Exit == ExitCodes.Ok, cli.ToString());
        Assert.Equal("verify --chain: 3 accounts, 17 events, every chain valid", cli.Out.Trim());
    }

    [Fact]
    public async Task An_edited_row_and_a_deleted_row_break_the_chain_at_their_version_for_the_route_and_the_cli()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("chain_tamper");
        await using var node = await TestNode.StartAsync(eventStore);
        await node.CreateAccountAsync("x-1", "100");
        await node.CreateAccountAsync("x-2", "100");
        foreach (var amount in new[] { "5.00", "6.00", "7.00" })
        {
            await Created(node, "/commands/deposit", new { account_id = "x-1", amount });
            await Created(node, "/commands/deposit", new { account_id = "x-2", amount });
        }
        Assert.Equal(4L, await AssertValidAsync(node, "x-1"));

        await JournalSql.EditPayloadAsync(eventStore, PersistenceIds.Account("x-1"), 3, "\"amount_minor_units\":600", "\"amount_minor_units\":60000");
        var edited = await VerifyAsync(node, "x-1");
        Assert.Equal((false, 4L, 3L, "hash_mismatch"), (edited.GetProperty("valid").GetBoolean(), edited.GetProperty("events").GetInt64(),
            edited.GetProperty("first_bad_version").GetInt64(), edited.GetProperty("problem").GetString()));
        // The head of what still holds: version 2's.
        Assert.Equal(await JournalSql.StoredHashAsync(eventStore, PersistenceIds.Account("x-1"), 2), edited.GetProperty("head").GetString());

        await JournalSql.ExecuteAsync(eventStore, "DELETE FROM journal WHERE persistence_id = 'account-x-2' AND sequence_number = 2");
        var deleted = await VerifyAsync(node, "x-2");
        Assert.Equal((false, 3L, 2L, "missing_event"), (deleted.GetProperty("valid").GetBoolean(), deleted.GetProperty("events").GetInt64(),
            deleted.GetProperty("first_bad_version").GetInt64(), deleted.GetProperty("problem").GetString()));

        var cli = await CliRun.RunAsync(node.Keys.Operator, "verify", "--chain", "--url", node.Url.ToString());
        Assert.True(cli.Exit == ExitCodes.Differences, cli.ToString());
        Assert.StartsWith("verify --chain: 2 accounts, 7 events, 2 broken chains", cli.Out);
        Assert.Contains(cli.Out.Split('\n'), line => line.StartsWith("x-1 ") && line.Contains(" 3 ") && line.Contains("hash_mismatch"));
        Assert.Contains(cli.Out.Split('\n'), line => line.StartsWith("x-2 ") && line.Contains(" 2 ") && line.Contains("missing_event"));

        await ProblemJson.AssertAsync(await node.Auditor.GetAsync("/accounts/x-none/verify-chain"), 404, "account_not_found");
    }

    [Fact]
    public async Task Events_written_before_events_carried_a_hash_still_load_and_the_chain_starts_after_them()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("chain_legacy");
        await using var node = await TestNode.StartAsync(eventStore);
        // As an older version wrote them: the event's JSON alone.
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await JournalSql.WriteEventAsync(eventStore, node.ActorSystem, PersistenceIds.Account("old-1"), 1,
            new AccountCreated("old-1", Guid.CreateVersion7(), at, "Old", "USD", 1000, null));
        await JournalSql.WriteEventAsync(eventStore, node.ActorSystem, PersistenceIds.Account("old-1"), 2,
            new MoneyDeposited("old-1", Guid.CreateVersion7(), at.AddSeconds(1), 500, 1500, null, null));

        await Created(node, "/commands/deposit", new { account_id = "old-1", amount = "1.00" });

        var chain = await VerifyAsync(node, "old-1");
        Assert.Equal((true, 3L, 2L), (chain.GetProperty("valid").GetBoolean(), chain.GetProperty("events").GetInt64(), chain.GetProperty("unhashed_events").GetInt64()));
        Assert.Equal(await JournalSql.StoredHashAsync(eventStore, PersistenceIds.Account("old-1"), 3), chain.GetProperty("head").GetString());
        Assert.Equal("16.00", (await node.GetAccountAsync("old-1")).GetProperty("balance").GetString());
    }

    private static async Task Created(TestNode node, string path, object body) =>
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync(path, body)).StatusCode);

    private static async Task<JsonElement> VerifyAsync(TestNode node, string accountId)
    {
        var response = await node.Auditor.GetAsync($"/accounts/{accountId}/verify-chain");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asserts the account's chain valid, every event hashed, its head its last row's hash; returns its events.</summary>
    private static async Task<long> AssertValidAsync(TestNode node, string accountId)
    {
        var chain = await VerifyAsync(node, accountId);
        var events = chain.GetProperty("events").GetInt64();
        Assert.True(chain.GetProperty("valid").GetBoolean(), chain.ToString());
        Assert.Equal((accountId, 0L, false), (chain.GetProperty("account_id").GetString(), chain.GetProperty("unhashed_events").GetInt64(),
            chain.TryGetProperty("first_bad_version", out _)));
        Assert.Equal(await node.JournalRowsAsync(accountId), events);
        Assert.Equal(await JournalSql.StoredHashAsync(node.EventStore, PersistenceIds.Account(accountId), events), chain.GetProperty("head").GetString());
        return events;
    }
}
