using Akka.Actor;
using Akka.Streams;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// Transfers in the read model, on a real PostgreSQL: the batch applier fed the feed's own messages
/// (<see cref="TransferScenario"/>). One event per batch makes every event start from the rows (the account's
/// open transfers rebuilt from the transfers table); one batch of all folds them in memory; both must give
/// the same rows, and a redelivery nothing more.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferProjectionTests(LedgerFixture fixture) : IDisposable
{
    private const int Partition = 5;

    private readonly ActorSystem _system = ActorSystem.Create("transfer-projection");

    [Fact]
    public async Task Event_by_event_or_all_at_once_transfers_accounts_and_transactions_come_out_the_same()
    {
        var script = TransferScenario.Events();
        var feed = new FeedScript();
        var deliveries = script.Select(s => (FeedDelivery)feed.Account(s.Event)).ToList();

        var eventByEvent = await ReadModelAsync("transfers_event_by_event");
        var transitions = new List<(string TransferId, string Status)>();
        foreach (var (delivery, scripted) in deliveries.Zip(script))
        {
            var result = await Applier(eventByEvent).ApplyAsync(Partition, [delivery], CancellationToken.None);
            Assert.Equal(1, result.Applied);
            if (scripted.TransferId is { } transferId)
                transitions.Add((transferId, (await RowsAsync(eventByEvent, $"SELECT status FROM transfers WHERE transfer_id = '{transferId}'")).Single()));
        }
        Assert.Equal(script.Where(s => s.TransferId is not null).Select(s => (s.TransferId!, s.Status!)), transitions);

        Assert.Equal(
            [
                "dst|2500|0|2500|1",
                "src|7000|300|6700|5",
            ],
            await RowsAsync(eventByEvent, "SELECT account_id, balance_minor_units, held_minor_units, available_balance_minor_units, transaction_count FROM account_balance ORDER BY account_id"));
        Assert.Equal(
            [
                "h-expire|1000||expired||",
                "h-open|300||held||",
                "h-post|4000|2500|completed||",
                "h-void|2000||voided||",
                "t-fail|1000||failed|account_frozen|account 'frozen' is frozen",
                "t-open|500||pending||",
            ],
            await RowsAsync(eventByEvent,
                "SELECT transfer_id, amount_minor_units, posted_amount_minor_units, status, failure_reason, failure_detail FROM transfers ORDER BY transfer_id"));
        Assert.Equal(
            [
                "dst|transfer_in|2500|2500|h-post",
                "src|deposit|10000|10000|",
                "src|transfer_out|2500|7500|h-post",
                "src|transfer_out|1000|6500|t-fail",
                "src|refund|1000|7500|t-fail",
                "src|transfer_out|500|7000|t-open",
            ],
            await RowsAsync(eventByEvent,
                "SELECT account_id, type, amount_minor_units, balance_after_minor_units, transfer_id FROM transactions ORDER BY account_id, version"));
        Assert.Equal(["h-open|" + TransferScenario.HoldExpiry.ToUnixTimeSeconds(), "h-post|", "t-open|"],
            await RowsAsync(eventByEvent,
                "SELECT transfer_id, floor(extract(epoch FROM expires_at))::bigint FROM transfers WHERE transfer_id IN ('h-open', 'h-post', 't-open') ORDER BY 1"));

        // The account as the projector loads it is the account as the ledger folds it, open transfers included.
        var fold = AccountState.Initial(TransferScenario.Source).ApplyAll(script.Select(s => s.Event).Where(e => e.AccountId == TransferScenario.Source));
        var loaded = await LoadAsync(eventByEvent, TransferScenario.Source);
        Assert.Equal((fold.BalanceMinorUnits, fold.HeldMinorUnits, fold.Version), (loaded.BalanceMinorUnits, loaded.HeldMinorUnits, loaded.Version));
        Assert.Equal(fold.Outgoing.Values.OrderBy(o => o.TransferId, StringComparer.Ordinal), loaded.Outgoing.Values.OrderBy(o => o.TransferId, StringComparer.Ordinal));

        var allAtOnce = await ReadModelAsync("transfers_all_at_once");
        Assert.Equal(script.Count, (await Applier(allAtOnce).ApplyAsync(Partition, deliveries, CancellationToken.None)).Applied);
        Assert.Equal(0, (await Applier(allAtOnce).ApplyAsync(Partition, deliveries, CancellationToken.None)).Applied);
        foreach (var table in new[] { "account_balance", "transfers", "transactions", "events" })
            Assert.Equal(await DumpAsync(eventByEvent, table), await DumpAsync(allAtOnce, table));
    }

    [Fact]
    public async Task Saga_events_of_an_old_journal_are_quarantined_and_the_partition_goes_on()
    {
        var feed = new FeedScript();
        var readModel = await ReadModelAsync("transfers_old_journal");
        var batch = new List<FeedDelivery>
        {
            feed.Account(new AccountCreated("legacy", Guid.CreateVersion7(), TransferScenario.T0, "Old Timer", "USD", 1_000, null)),
            feed.Raw("transfer", "t-saga", "TransferInitiated.v1",
                """{"TransferId":"t-saga","FromAccountId":"legacy","ToAccountId":"other","Amount":1.5}"""),
            feed.Raw("account", "legacy", "TransferDebited.v1", """{"AccountId":"legacy","TransferId":"t-saga","AmountMinorUnits":150}"""),
            feed.Account(new MoneyDeposited("legacy", Guid.CreateVersion7(), TransferScenario.T0, 100, 1_100, null, null)),
            feed.Account(new AccountCreated("other", Guid.CreateVersion7(), TransferScenario.T0, "Neighbour", "USD", 0, null)),
        };

        var result = await Applier(readModel).ApplyAsync(Partition, batch, CancellationToken.None);

        Assert.Equal(2, result.Applied);
        // The saga's event and the removed account event are quarantined; the deposit after the latter is held behind it.
        Assert.Equal(["account|legacy|2|TransferDebited.v1", "account|legacy|3|MoneyDeposited.v1", "transfer|t-saga|1|TransferInitiated.v1"],
            await RowsAsync(readModel, "SELECT entity_type, entity_id, sequence_nr, event_type FROM dead_letters ORDER BY entity_type, entity_id, sequence_nr"));
        Assert.Equal(["legacy|1", "other|1"], await RowsAsync(readModel, "SELECT account_id, version FROM account_balance ORDER BY account_id"));
        Assert.Equal(["5"], await RowsAsync(readModel, "SELECT stream_sequence FROM projector_checkpoint"));
    }

    private async Task<string> ReadModelAsync(string purpose)
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync(purpose);
        await ReadModelSchema.MigrateAsync(readModel);
        return readModel;
    }

    /// <summary>No gap in these batches: the journal is never read.</summary>
    private BatchApplier Applier(string readModel) =>
        new(new ReadModelStore(NpgsqlDataSource.Create(readModel)), new JournalEvents(_system, _system.Materializer()), _system.Log);

    private static async Task<AccountState> LoadAsync(string readModel, string accountId)
    {
        var store = new ReadModelStore(NpgsqlDataSource.Create(readModel));
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        return (await store.LoadAsync(connection, transaction, [accountId], CancellationToken.None)).Accounts[accountId].State;
    }

    /// <summary>A table's rows in full, as JSON, in a fixed order.</summary>
    private static Task<IReadOnlyList<string>> DumpAsync(string readModel, string table) =>
        RowsAsync(readModel, $"SELECT row_to_json(t)::text FROM {table} t ORDER BY row_to_json(t)::text");

    /// <summary>Each row's columns as text, joined by '|' (an empty string for null).</summary>
    private static async Task<IReadOnlyList<string>> RowsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    public void Dispose() => _system.Dispose();
}
