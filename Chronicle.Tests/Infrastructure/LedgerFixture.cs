using Chronicle.Actors.EventStore;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Transfers;
using Chronicle.Gateway.Security;
using Chronicle.Projector.Webhooks;
using Chronicle.Projector.Verification;
using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for every integration test; each test takes its own database. NATS
/// servers are per test instead (they start in a blink): the event feed's stream belongs to one
/// journal, and the tests crash and wipe their server.
/// </summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private Task<PostgresServer>? _readModelPostgres;
    private TestNode? _sharedNode;
    private readonly List<NatsServer> _natsServers = [];

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("fixture not started");

    /// <summary>
    /// The read model's own PostgreSQL server, separate from the event store's so that a test can stop
    /// one and not the other. Started on first use: most tests never need it.
    /// </summary>
    public Task<PostgresServer> ReadModelPostgresAsync()
    {
        lock (_natsServers) return _readModelPostgres ??= PostgresServer.StartAsync();
    }

    /// <summary>
    /// A node with everything of the read side (<see cref="CreateReadSideAsync"/>): a fresh event store,
    /// a fresh NATS server and a fresh read-model database on the read model's own server.
    /// </summary>
    /// <param name="eventStoreServer">Where the event store goes; the shared server unless a test stops its own.</param>
    /// <param name="limits">The node's request limits; its defaults when null.</param>
    /// <param name="webhooks">The node's webhook settings; <see cref="TestNode.LoopbackWebhooks"/> when null.</param>
    /// <param name="forwarder">The node's forwarder settings; its defaults when null.</param>
    public async Task<ReadSideStack> StartReadSideAsync(string purpose, PostgresServer? eventStoreServer = null, RequestLimits? limits = null,
        WebhookOptions? webhooks = null, TransferSettings? transfers = null, ForwarderOptions? forwarder = null)
    {
        var (eventStore, readModel, nats) = await CreateReadSideAsync(purpose, eventStoreServer);
        var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url, readModel: readModel, limits: limits, webhooks: webhooks, transfers: transfers,
            forwarder: forwarder);
        return new ReadSideStack(node, eventStore, readModel, nats);
    }

    /// <summary>
    /// What a read side runs on, for a test that starts its nodes itself: a fresh event store (named
    /// <paramref name="purpose"/>), a fresh read-model database on the read model's own server and a fresh NATS server.
    /// </summary>
    /// <param name="eventStoreServer">Where the event store goes; the shared server when null.</param>
    public async Task<(string EventStore, string ReadModel, NatsServer Nats)> CreateReadSideAsync(string purpose, PostgresServer? eventStoreServer = null)
    {
        var databases = await CreateReadSideDatabasesAsync(purpose, eventStoreServer);
        return (databases.EventStore, databases.ReadModel, await StartNatsAsync());
    }

    /// <summary>A fresh event store (named <paramref name="purpose"/>) and a fresh read-model database on the read model's own server.</summary>
    /// <param name="eventStoreServer">Where the event store goes; the shared server when null.</param>
    public async Task<ReadSide> CreateReadSideDatabasesAsync(string purpose, PostgresServer? eventStoreServer = null) =>
        new(await (eventStoreServer ?? Postgres).CreateDatabaseAsync(purpose), await (await ReadModelPostgresAsync()).CreateDatabaseAsync(purpose + "_read"));

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    /// <summary>A fresh NATS JetStream server with an empty store; stopped with the fixture at the latest.</summary>
    public async Task<NatsServer> StartNatsAsync()
    {
        var server = await NatsServer.StartAsync();
        lock (_natsServers) _natsServers.Add(server);
        return server;
    }

    public async Task DisposeAsync()
    {
        if (_sharedNode is not null) await _sharedNode.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_readModelPostgres is not null) await (await _readModelPostgres).DisposeAsync();
        foreach (var nats in _natsServers) await nats.DisposeAsync();
    }

    /// <summary>
    /// One node for the tests that only need some node: starting a node per test case would make
    /// a theory with fifty rows take minutes. Tests in the collection run one at a time, so whole-journal
    /// counts taken by one test are not disturbed by another.
    /// </summary>
    public async Task<TestNode> SharedNodeAsync() => _sharedNode ??= await StartNodeAsync("shared");

    /// <summary>A node on a fresh event store.</summary>
    public async Task<TestNode> StartNodeAsync(string purpose) =>
        await TestNode.StartAsync(await Postgres.CreateDatabaseAsync(purpose));

}

/// <summary>A node with its event store, read model and NATS server; the node is stopped on dispose, the servers with the fixture.</summary>
public sealed record ReadSideStack(TestNode Node, string EventStore, string ReadModel, NatsServer Nats) : ReadSide(EventStore, ReadModel), IAsyncDisposable
{
    public ValueTask DisposeAsync() => Node.DisposeAsync();
}

/// <summary>An event store and the read model projected from it: what the checks of a projection compare.</summary>
public record ReadSide(string EventStore, string ReadModel)
{
    /// <summary>What `./chronicle verify` reports: the read model against the fold of the journal.</summary>
    public async Task<VerifyReport> VerifyAsync(TimeSpan settle)
    {
        await using var readModel = NpgsqlDataSource.Create(ReadModel);
        await using var journal = JournalTable.Open(EventStore);
        return await new ReadModelVerifier(journal, readModel).VerifyAsync(settle, CancellationToken.None);
    }

    /// <summary>Verify passes: no difference once the projector had <paramref name="settle"/> to catch up.</summary>
    public async Task AssertVerifiedAsync(TimeSpan settle)
    {
        var report = await VerifyAsync(settle);
        Assert.True(report.Clean, "verify found differences:\n" + string.Join("\n", report.Differences));
        Assert.True(report.EntitiesChecked > 0, "verify checked nothing");
    }

    /// <summary>
    /// Once writes are done, the read side holds the journal exactly once: the audit log has every ledger
    /// event of the journal (waited for up to <paramref name="deadline"/>) at its journal position, none
    /// twice, none extra; and verify finds no difference.
    /// </summary>
    public async Task AssertProjectedExactlyOnceAsync(TimeSpan deadline)
    {
        var journal = await JournalSql.LedgerOrderingsAsync(EventStore);
        Assert.NotEmpty(journal);
        var audit = await Eventually.Until(() => ReadModelSql.AuditSequencesAsync(ReadModel), rows => rows.Count >= journal.Count, deadline,
            $"audit log holds the journal's {journal.Count} ledger events");
        Assert.Equal(journal, audit);
        await AssertVerifiedAsync(deadline);
    }
}

/// <summary>
/// Integration tests run one at a time: each starts real nodes against real PostgreSQL, and on a
/// 2-core machine running them side by side only trades speed for timing noise.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}
