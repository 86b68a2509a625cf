using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Partitions;
using Chronicle.Tests.Infrastructure;
using Chronicle.Tests.Pipeline;

namespace Chronicle.Tests.Projection;

/// <summary>
/// Each part of the read side fails in turn, against real servers: the projector, NATS (stopped,
/// or crashed with the stream's tail lost), the read model's PostgreSQL, the event store's. Writes
/// are never held up by the read side; afterwards the read model holds every journal event exactly
/// once and verify finds no difference.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadSideFaultTests(LedgerFixture fixture)
{
    /// <summary>
    /// Room for the slowest recovery on a loaded machine: the forwarder's backoff (up to 30 s), then the
    /// read journal's wait at a hole in the journal's ordering (30 s, after the event store restarted).
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>The NATS outage the feed must ride out: the scenario, not a wait.</summary>
    private static readonly TimeSpan NatsOutage = TimeSpan.FromSeconds(30);

    /// <summary>What "failing fast" means for a write while the event store is away.</summary>
    private static readonly TimeSpan FastFailure = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Deposits_made_while_the_projector_is_away_are_projected_when_it_returns()
    {
        var stack = await fixture.StartReadSideAsync("faults_projector_away");
        await using (stack)
        {
            await stack.Node.CreateAccountAsync("away", "100");
            await stack.AssertProjectedExactlyOnceAsync(Deadline);
        }

        // The projector away: a node that forwards the journal to NATS but runs no projector.
        await using (var ledgerOnly = await TestNode.StartAsync(stack.EventStore, natsUrl: stack.Nats.Url))
        {
            for (var i = 0; i < 10; i++)
            {
                var deposit = await ledgerOnly.PostAsync("/commands/deposit", new { account_id = "away", amount = "2.50" });
                Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
            }
            // The deposits are on the stream, ready for any projector, and none has reached the read model.
            await using var probe = new EventFeedProbe(stack.Nats.Url, stack.EventStore);
            Assert.Equal(11, (await probe.AssertFeedEqualsJournalAsync(Deadline)).Count);
            Assert.Equal(new ReadModelAccount("away", 10000, "active", 1, 1), (await ReadModelSql.AccountsAsync(stack.ReadModel))["away"]);
            Assert.Equal(1, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM events"));
        }

        await using var back = stack with { Node = await TestNode.StartAsync(stack.EventStore, natsUrl: stack.Nats.Url, readModel: stack.ReadModel) };
        await Eventually.Until(async () => (await ReadModelSql.AccountsAsync(back.ReadModel))["away"], row => row.Version == 11, Deadline,
            "the ten deposits projected");
        Assert.Equal(new ReadModelAccount("away", 12500, "active", 11, 11), (await ReadModelSql.AccountsAsync(back.ReadModel))["away"]);
        Assert.Equal(10, await ReadModelSql.ScalarAsync(back.ReadModel,
            "SELECT count(*) FROM transactions WHERE type = 'deposit' AND amount_minor_units = 250"));
        await back.AssertProjectedExactlyOnceAsync(Deadline);
    }

    [Fact]
    public async Task With_NATS_stopped_for_30_seconds_every_write_succeeds_and_is_projected_once_after_it_returns()
    {
        await using var stack = await fixture.StartReadSideAsync("faults_nats_stopped");
        await using var probe = new EventFeedProbe(stack.Nats.Url, stack.EventStore);
        var ids = Enumerable.Range(0, 4).Select(i => $"ns-{i}").ToList();
        foreach (var id in ids) await stack.Node.CreateAccountAsync(id, "0");
        await stack.AssertProjectedExactlyOnceAsync(Deadline);

        await stack.Nats.StopAsync();
        var writes = 0;
        var slowest = TimeSpan.Zero;
        var outage = Stopwatch.StartNew();
        // A client writing at a steady pace (four deposits every 200 ms) for as long as the outage lasts.
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(200)))
        {
            while (outage.Elapsed < NatsOutage)
            {
                foreach (var elapsed in await Task.WhenAll(ids.Select(id => DepositAsync(stack.Node, id))))
                    slowest = elapsed > slowest ? elapsed : slowest;
                writes += ids.Count;
                await pace.WaitForNextTickAsync();
            }
        }

        // Nothing reached the read model, yet every write was answered without waiting for NATS.
        Assert.Equal("unreachable", await BusCheckAsync(stack.Node));
        Assert.Equal(ids.Count, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM events"));
        Assert.Equal(ids.Count + writes, await JournalSql.LedgerRowsAsync(stack.EventStore));
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"the slowest of {writes} writes took {slowest} with NATS down");

        await stack.Nats.RestartAsync();
        await probe.AssertFeedEqualsJournalAsync(Deadline);
        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        Assert.Equal(writes, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT sum(transaction_count) FROM account_balance"));
    }

    [Fact]
    public async Task After_NATS_crashed_and_lost_events_the_projector_had_applied_the_read_model_converges()
    {
        // A server of its own: this test stops it, to keep the forwarder from refilling the stream too soon.
        await using var eventStoreServer = await PostgresServer.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("faults_nats_truncated", eventStoreServer);
        await using var probe = new EventFeedProbe(stack.Nats.Url, stack.EventStore);
        await FeedWorkload.WriteAsync(stack.Node, "cut", accounts: 8, depositsEach: 12);
        var acknowledged = (await probe.AssertFeedEqualsJournalAsync(Deadline)).Count;
        await stack.AssertProjectedExactlyOnceAsync(Deadline);

        await stack.Nats.KillAsync();
        Assert.Equal(acknowledged, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT max(stream_sequence) FROM projector_checkpoint"));
        // Writes go on meanwhile: journaled, not yet on the stream.
        await FeedWorkload.WriteAsync(stack.Node, "cut-down", accounts: 3, depositsEach: 5);
        stack.Nats.TruncateStream(EventFeed.StreamName, keepFraction: 0.5);

        // The projector comes back first, to a stream shorter than what it had applied from it: with the
        // event store away the forwarder cannot re-publish yet.
        await eventStoreServer.StopAsync();
        try
        {
            await stack.Nats.RestartAsync();
            Assert.InRange(stack.Nats.RestoredMessages(EventFeed.StreamName), 1, acknowledged - 1);
            await Eventually.Until(() => ProjectorStatusAsync(stack.Node), status => status.Partitions.All(p => p is { Running: true, AppliedSinceStart: 0 }),
                Deadline, "every partition back on the truncated stream");
        }
        finally
        {
            await eventStoreServer.RestartAsync();
        }

        // The forwarder re-publishes the lost tail and what was written meanwhile; the projector skips
        // what it had applied and carries on with the rest, and with what comes after.
        await probe.AssertFeedEqualsJournalAsync(Deadline);
        await FeedWorkload.WriteAsync(stack.Node, "cut-after", accounts: 2, depositsEach: 3);
        await probe.AssertFeedEqualsJournalAsync(Deadline);
        await stack.AssertProjectedExactlyOnceAsync(Deadline);
    }

    [Fact]
    public async Task With_the_read_model_database_down_writes_succeed_and_are_projected_once_it_returns()
    {
        await using var stack = await fixture.StartReadSideAsync("faults_read_model_down");
        await using var probe = new EventFeedProbe(stack.Nats.Url, stack.EventStore);
        await FeedWorkload.WriteAsync(stack.Node, "rm-before", accounts: 3, depositsEach: 3);
        await stack.AssertProjectedExactlyOnceAsync(Deadline);

        var readModelServer = await fixture.ReadModelPostgresAsync();
        await readModelServer.StopAsync();
        try
        {
            await FeedWorkload.WriteAsync(stack.Node, "rm-down", accounts: 4, depositsEach: 10);
            var strong = await stack.Node.GetAccountAsync("rm-down-3?consistency=strong");
            Assert.Equal("20.00", strong.GetProperty("balance").GetString());
            Assert.Equal(11, strong.GetProperty("version").GetInt64());
            // The new events are on the feed, and the projector ran into the outage trying to apply them.
            await probe.AssertFeedEqualsJournalAsync(Deadline);
            await Eventually.Until(() => ProjectorStatusAsync(stack.Node), status => status.Partitions.Any(p => !p.Running), Deadline,
                "a partition stopped by the read model's outage");
        }
        finally
        {
            await readModelServer.RestartAsync();
        }

        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        await Eventually.Until(() => ProjectorStatusAsync(stack.Node), status => status.Partitions.All(p => p.Running), Deadline,
            "every partition running again");
    }

    [Fact]
    public async Task With_the_event_store_down_writes_fail_fast_and_the_read_model_converges_after_it_returns()
    {
        // A server of its own: this test stops it.
        await using var eventStoreServer = await PostgresServer.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("faults_event_store_down", eventStoreServer);
        var node = stack.Node;
        await node.CreateAccountAsync("es-a", "100");
        await node.CreateAccountAsync("es-b", "0");
        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        var journalBefore = await JournalSql.LedgerRowsAsync(stack.EventStore);

        // Each write under its Idempotency-Key, as a client that retries would send it.
        var writes = new (string Path, object Body, string Key)[]
        {
            ("/commands/deposit", new { account_id = "es-a", amount = "5.00" }, "es-deposit"),
            ("/commands/withdraw", new { account_id = "es-a", amount = "1.00" }, "es-withdraw"),
            ("/commands/create-account", new { account_id = "es-c", owner_name = "Newcomer", initial_balance = "7.00", currency = "USD" }, "es-create"),
            ("/commands/transfer", new { from_account_id = "es-a", to_account_id = "es-b", amount = "3.00", transfer_id = "es-t" }, "es-transfer"),
        };

        await eventStoreServer.StopAsync();
        try
        {
            // The first write may reach its account (in memory) before the node notices: its journal write fails at once.
            await AssertRefusedFastAsync(node, writes[0]);
            // Once the node has noticed, every write is refused without being sent.
            await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable,
                Deadline, "readyz reports the event store down");
            foreach (var write in writes) await AssertRefusedFastAsync(node, write);
        }
        finally
        {
            await eventStoreServer.RestartAsync();
        }

        await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.OK, Deadline,
            "readyz reports the event store back");
        // Nothing of the refused writes was written.
        Assert.Equal(journalBefore, await JournalSql.LedgerRowsAsync(stack.EventStore));

        // The client retries each under its key until it has a final answer: 503 says retry, and a transfer's
        // 202 says it is still running (its shard coordinator may itself be recovering from the outage).
        foreach (var (path, body, key) in writes)
        {
            var answer = await Eventually.Until(async () => (await node.PostAsync(path, body, key)).StatusCode,
                s => s is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.Accepted), Deadline, $"{path} lands after the outage");
            Assert.Equal(HttpStatusCode.Created, answer);
        }
        Assert.Equal("101.00", (await node.GetAccountAsync("es-a?consistency=strong")).GetProperty("balance").GetString());
        Assert.Equal("3.00", (await node.GetAccountAsync("es-b?consistency=strong")).GetProperty("balance").GetString());
        Assert.Equal("7.00", (await node.GetAccountAsync("es-c?consistency=strong")).GetProperty("balance").GetString());

        // A transfer is answered once its target's credit is in; its source's TransferSettled may still be being
        // written: the journal is complete only once that row is in it.
        await Eventually.Until(() => JournalSql.CountAsync(stack.EventStore, PersistenceIds.Account("es-a"), LedgerCodec.ManifestOf<TransferSettled>()),
            n => n == 1, Deadline, "the transfer's settlement is in the journal");
        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        Assert.Equal(1, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM transfers WHERE transfer_id = 'es-t' AND status = 'completed'"));
    }

    private static async Task AssertRefusedFastAsync(TestNode node, (string Path, object Body, string Key) write)
    {
        var clock = Stopwatch.StartNew();
        var refused = await node.PostAsync(write.Path, write.Body, write.Key);
        Assert.True(clock.Elapsed < FastFailure, $"{write.Path} took {clock.Elapsed} to fail");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static async Task<TimeSpan> DepositAsync(TestNode node, string accountId)
    {
        var clock = Stopwatch.StartNew();
        var response = await node.PostAsync("/commands/deposit", new { account_id = accountId, amount = "1.00" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return clock.Elapsed;
    }

    private static async Task<string?> BusCheckAsync(TestNode node) =>
        (await node.Http.GetFromJsonAsync<JsonElement>("/readyz")).GetProperty("checks").GetProperty("bus").GetString();

    private static async Task<ProjectorStatus> ProjectorStatusAsync(TestNode node)
    {
        var projector = await ActorRegistry.For(node.ActorSystem).GetAsync<ProjectorGroup>();
        return await projector.Ask<ProjectorStatus>(GetProjectorStatus.Instance, TimeSpan.FromSeconds(10));
    }
}
