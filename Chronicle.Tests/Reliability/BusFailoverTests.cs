using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway;
using Chronicle.Projector;
using Chronicle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chronicle.Tests.Reliability;

/// <summary>
/// The bus's stream leader lost during writes: three nats-servers in one JetStream cluster with the feed's
/// stream on all three, a node (ledger, forwarder, projector) given every server, deposits from clients that
/// retry under their Idempotency-Key, SIGKILL of the nats-server that leads the stream. The other two elect
/// a new leader, the forwarder and the projector's partitions find it, and the read model, the judge here,
/// must hold every acknowledged event once. On a stream of one copy on the killed server nothing would
/// reach the read model after the kill, and the test would fail waiting.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class BusFailoverTests(LedgerFixture fixture, ITestOutputHelper output)
{
    /// <summary>How long any one wait may take.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Deposits acknowledged before the kill, and again after it.</summary>
    private const int DepositsEachSide = 150;

    /// <summary>
    /// The forwarder's and the projector's longest restart delay. Each retries while the stream has no leader,
    /// its delay doubling; with their defaults (30 s, 10 s) the wait after an election of 5-20 s would add up
    /// to that much again to what is measured here, which is the bus's failover.
    /// </summary>
    private const int MaxBackoffMilliseconds = 2_000;

    [Fact]
    public async Task Every_acknowledged_deposit_is_projected_once_after_the_stream_leader_is_killed()
    {
        await using var bus = await NatsCluster.StartAsync();
        var readSide = new ReadSide(await fixture.Postgres.CreateDatabaseAsync("bus_failover"),
            await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("bus_failover_read"));
        await using var node = await TestNode.StartAsync(new NodeSettings
        {
            Url = "http://127.0.0.1:0",
            ReadModelConnectionString = readSide.ReadModel,
            Ledger = new LedgerOptions
            {
                EventStoreConnectionString = readSide.EventStore, Port = 0, SeedNodes = "", NatsUrl = bus.Url,
                Forwarder = new ForwarderOptions { StreamReplicas = NatsClusterSpec.Members, MaxBackoffMilliseconds = MaxBackoffMilliseconds },
            },
            Projector = new ProjectorOptions { MaxBackoffMilliseconds = MaxBackoffMilliseconds },
        });
        var accounts = Enumerable.Range(1, 16).Select(i => $"bus-{i}").ToList();
        foreach (var id in accounts) await node.CreateAccountAsync(id);

        await using var writes = new RetriedDeposits(node, accounts, workers: 4, keyPrefix: "bus");
        await Eventually.Until(() => Task.FromResult(writes.Acknowledged), n => n >= DepositsEachSide, Deadline, "deposits before the kill");
        var leader = await Eventually.Until(bus.FeedLeaderAsync, l => l is not null, Deadline, "a leader of the feed's stream");
        var acknowledgedBeforeKill = writes.Acknowledged;
        await bus.KillAsync(leader!);
        var killedAt = DateTimeOffset.UtcNow;
        var election = ElectionAsync();

        async Task<(string? Leader, TimeSpan After)> ElectionAsync()
        {
            var elected = await Eventually.Until(bus.FeedLeaderAsync, l => l is not null && l != leader, Deadline, "another server leading the stream");
            return (elected, DateTimeOffset.UtcNow - killedAt);
        }

        // Writes go on (they never wait for the bus), into the journal while the stream has no leader.
        await Eventually.Until(() => Task.FromResult(writes.Acknowledged), n => n >= acknowledgedBeforeKill + DepositsEachSide, Deadline, "deposits after the kill");
        var acknowledged = await writes.StopAsync();
        var (elected, electedAfter) = await election;

        // The journal holds each acknowledged deposit once; the read model each journal event once, at its
        // position (the audit log), and every account as the journal's fold has it (verify).
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), (await JournalSql.IdempotencyKeysAsync(readSide.EventStore)).Order(StringComparer.Ordinal));
        await readSide.AssertProjectedExactlyOnceAsync(Deadline);
        var caughtUpAfter = DateTimeOffset.UtcNow - killedAt;
        var streams = (await JournalSql.LedgerStreamsAsync(readSide.EventStore)).ToDictionary(s => s.PersistenceId, s => s.Last);
        var projected = await ReadModelSql.AccountsAsync(readSide.ReadModel);
        foreach (var id in accounts)
        {
            var deposited = acknowledged.Values.Count(account => account == id) * 100L;
            Assert.Equal((id, deposited, streams[PersistenceIds.Account(id)]), (id, projected[id].BalanceMinorUnits, projected[id].Version));
        }
        output.WriteLine($"killed {leader}, the stream's leader, after {acknowledgedBeforeKill} deposits; {elected} leads {electedAfter.TotalSeconds:0.0} s after the kill; " +
                         $"{acknowledged.Count} deposits in all, the read model equal to the journal {caughtUpAfter.TotalSeconds:0.0} s after the kill");
    }
}
