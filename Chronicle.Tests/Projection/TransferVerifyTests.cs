using Akka.Actor;
using Akka.Streams;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Projector.Verification;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// <c>verify</c> on transfers, against a real journal and read model: each transfer row is compared with its
/// source's events, and with its target's credit. The journal is written as the plugin writes it (the ledger's
/// codec and serializer id), the read model by the batch applier from the same events.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferVerifyTests(LedgerFixture fixture) : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("transfer-verify");

    [Fact]
    public async Task A_read_model_that_matches_the_journal_verifies_and_a_transfer_row_that_does_not_is_reported()
    {
        var (eventStore, readModel) = await ProjectAsync("verify_transfers", TransferScenario.Events().Select(s => s.Event).ToList());
        Assert.True((await VerifyAsync(eventStore, readModel)).Clean);

        await ExecuteAsync(readModel, "UPDATE transfers SET status = 'completed' WHERE transfer_id = 't-fail'");
        await ExecuteAsync(readModel, "DELETE FROM transfers WHERE transfer_id = 't-open'");
        await ExecuteAsync(readModel, "UPDATE account_balance SET held_minor_units = 0 WHERE account_id = 'src'");
        var report = await VerifyAsync(eventStore, readModel);

        Assert.Contains(report.Differences, d => d is { EntityType: "transfer", EntityId: "t-fail", ReadModel: "completed", Journal: "failed" }
                                                 && d.Field.StartsWith("status at version", StringComparison.Ordinal));
        // A completed row must name its target's credit: this one names none, and the target has none.
        Assert.Contains(report.Differences, d => d is { EntityId: "t-fail", Field: "credit on the target (completed)" });
        Assert.Contains(report.Differences, d => d is { EntityType: "transfer", EntityId: "t-open", Field: "version", ReadModel: "absent" });
        Assert.Contains(report.Differences, d => d is { EntityType: "account", EntityId: "src", ReadModel: "0", Journal: "300" });
        Assert.Equal(4, report.Differences.Count);
    }

    [Fact]
    public async Task A_settlement_whose_credit_the_target_never_recorded_is_reported()
    {
        // The journal itself disagrees: the source settled h-post on a credit its target does not have.
        var events = TransferScenario.Events().Select(s => s.Event).Where(e => e is not TransferCredited).ToList();
        var (eventStore, readModel) = await ProjectAsync("verify_lost_credit", events);

        var difference = Assert.Single((await VerifyAsync(eventStore, readModel)).Differences);

        Assert.Equal(new Difference("transfer", "h-post", "credit on the target (completed)", $"{TransferScenario.CreditEventId} on dst", "none"), difference);
    }

    [Fact]
    public async Task An_account_whose_journal_the_transfer_saga_wrote_is_skipped_and_named_and_the_others_are_verified()
    {
        var events = TransferScenario.Events().Select(s => s.Event)
            .Append(new AccountCreated("legacy", Guid.NewGuid(), TransferScenario.T0, "Old Timer", "USD", 1_000, null)).ToList();
        var (eventStore, readModel) = await ProjectAsync("verify_saga_journal", events);
        // What an upgrade leaves: the saga's debit in the account's journal (a type this version no longer reads), and the
        // account's row as the old projector left it, that debit applied.
        await ExecuteAsync(eventStore, """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags)
            VALUES (0, false, 'account-legacy', 2, convert_to('{"account_id":"legacy","transfer_id":"t-saga","amount_minor_units":150}', 'UTF8'),
                    'TransferDebited.v1', 4711, 'saga', '')
            """);
        await ExecuteAsync(readModel, "UPDATE account_balance SET version = 2, balance_minor_units = 850, transaction_count = 2 WHERE account_id = 'legacy'");

        var report = await VerifyAsync(eventStore, readModel);

        Assert.Equal(new SkippedEntity("account", "legacy", 2, "TransferDebited.v1"), Assert.Single(report.Skipped));
        Assert.True(report.Clean, string.Join("\n", report.Differences));
        Assert.True(report.EntitiesChecked > 0);
    }

    /// <summary>A journal of <paramref name="events"/>, and a read model the projector made of them.</summary>
    private async Task<(string EventStore, string ReadModel)> ProjectAsync(string purpose, IReadOnlyList<IAccountEvent> events)
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync(purpose);
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync(purpose + "_read");
        await ReadModelSchema.MigrateAsync(readModel);

        var feed = new FeedScript();
        var deliveries = events.Select(feed.Account).ToList();
        foreach (var delivery in deliveries)
        {
            await ExecuteAsync(eventStore, """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags)
                VALUES ($1, false, $2, $3, $4, $5, 4711, 'test', '')
                """, DateTime.UtcNow.Ticks, PersistenceIds.Account(delivery.EntityId), delivery.SequenceNr,
                LedgerCodec.ToBinary(delivery.Event), delivery.EventType);
        }
        var applier = new BatchApplier(new ReadModelStore(NpgsqlDataSource.Create(readModel)), new JournalEvents(_system, _system.Materializer()), _system.Log);
        Assert.Equal(events.Count, (await applier.ApplyAsync(0, deliveries, CancellationToken.None)).Applied);
        return (eventStore, readModel);
    }

    private static async Task<VerifyReport> VerifyAsync(string eventStore, string readModel)
    {
        using var journal = JournalTable.Open(eventStore);
        return await new ReadModelVerifier(journal, NpgsqlDataSource.Create(readModel)).VerifyAsync(TimeSpan.Zero, CancellationToken.None);
    }

    private static async Task ExecuteAsync(string database, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _system.Dispose();
}
