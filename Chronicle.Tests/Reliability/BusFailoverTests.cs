using System.Net;
using System.Net.ServerSentEvents;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway;
using Chronicle.Projector;
using Chronicle.Tests.Dashboard;
using Chronicle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chronicle.Tests.Reliability;

/// <summary>
/// A nats-server of the bus lost: three nats-servers in one JetStream cluster with the feed's stream on all
/// three, a node (ledger, forwarder, projector, gateway) given every server, SIGKILL of one server.
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

    /// <summary>
    /// Deposits from clients that retry under their Idempotency-Key, SIGKILL of the server that leads the stream.
    /// The other two elect a new leader, the forwarder and the projector's partitions find it, and the read
    /// model, the judge here, must hold every acknowledged event once. On a stream of one copy on the killed
    /// server nothing would reach the read model after the kill, and the test would fail waiting.
    /// </summary>
    [Fact]
    public async Task Every_acknowledged_deposit_is_projected_once_after_the_stream_leader_is_killed()
    {
        await using var bus = await NatsCluster.StartAsync();
        var readSide = await fixture.CreateReadSideDatabasesAsync("bus_failover");
        await using var node = await StartNodeAsync(bus, readSide);
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

    /// <summary>
    /// The dashboard's live stream reads through a consumer that JetStream keeps on one server only. When that
    /// server is killed, the response ends (the client, as the dashboard's page does, resumes from its last
    /// event), instead of staying open with nothing coming.
    /// </summary>
    [Fact]
    public async Task A_live_stream_whose_consumer_was_on_the_killed_server_ends_and_resumes_where_it_stopped()
    {
        await using var bus = await NatsCluster.StartAsync();
        var readSide = await fixture.CreateReadSideDatabasesAsync("bus_live");
        await using var node = await StartNodeAsync(bus, readSide);
        await node.CreateAccountAsync("live-1");
        await LiveStream.WaitForFeedAsync(node, 1);

        using var deadline = new CancellationTokenSource(Deadline);
        using var response = await LiveStream.OpenAsync(node, "/events/stream?after=0", null, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        await using var items = SseParser.Create(body).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        // Up to the account's creation: the consumer is placed and has delivered.
        while (await items.MoveNextAsync() && items.Current.EventType != SseParser.EventTypeDefault) { }
        Assert.Equal("1", items.Current.EventId);
        var holder = await Eventually.Until(() => bus.LiveConsumerServerAsync(), server => server is not null, Deadline, "the live consumer's server");
        await bus.KillAsync(holder!);
        var killedAt = DateTimeOffset.UtcNow;
        try
        {
            while (await items.MoveNextAsync()) Assert.NotEqual(SseParser.EventTypeDefault, items.Current.EventType);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"the live stream stayed open {Deadline.TotalSeconds:0} s after {holder}, holding its consumer, was killed");
        }
        var endedAfter = DateTimeOffset.UtcNow - killedAt;

        // Resumed after its last event, it brings what came since, as soon as the bus takes a new consumer and
        // the forwarder has published the deposit: both wait for the stream's and the cluster's new leaders.
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "live-1", amount = "1.00" })).StatusCode);
        var resumed = await Eventually.Until(() => FirstEventAfterAsync(node, "1"), attempt => attempt.Item is not null, ResumeDeadline, "the live stream resumed");
        Assert.Equal("2", resumed.Item!.Value.EventId);
        Assert.Contains("MoneyDeposited", resumed.Item.Value.Data, StringComparison.Ordinal);
        output.WriteLine($"killed {holder}, holding the live stream's consumer; the stream ended {endedAfter.TotalSeconds:0.0} s after the kill, " +
                         $"resumed with the next event {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after it");
    }

    /// <summary>
    /// How long a resumed live stream may take to bring the next event: one election of the stream's leader and
    /// one of the cluster's (the killed server may have held both), each 5-20 s on a loaded 2-core machine (CI
    /// once needed more than 30 s in all), plus the forwarder's backoff.
    /// </summary>
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(60);

    /// <summary>What one attempt to resume brought: the first event, or (null) what the node answered instead, for the failure message.</summary>
    private sealed record ResumeAttempt(SseItem<string>? Item, string Outcome)
    {
        public override string ToString() => Outcome;
    }

    /// <summary>A node with every role on <paramref name="readSide"/>, given every server of <paramref name="bus"/>, the stream at three copies.</summary>
    private static Task<TestNode> StartNodeAsync(NatsCluster bus, ReadSide readSide) =>
        TestNode.StartAsync(new NodeSettings
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

    /// <summary>
    /// The first event a live stream resumed after <paramref name="lastEventId"/> brings; none when the node cannot
    /// open one yet (503 while the bus places no consumer: an election under way) or the stream ends first, as the
    /// dashboard's page then retries.
    /// </summary>
    private static async Task<ResumeAttempt> FirstEventAfterAsync(TestNode node, string lastEventId)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream") { Headers = { { "Last-Event-ID", lastEventId } } };
        using var response = await node.Auditor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            return new ResumeAttempt(null, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}");
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(deadline.Token))
            if (item.EventType == SseParser.EventTypeDefault) return new ResumeAttempt(item, "an event");
        return new ResumeAttempt(null, "the stream ended before an event");
    }
}
