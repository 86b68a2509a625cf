using System.Net;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Serialization;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Api;

/// <summary>
/// Time travel's snapshot question (<see cref="SnapshotTable"/>): of an account's several snapshots, the one saved last at or
/// before the instant (and at or below a version), read from the table the SQL plugin writes, in the plugin's own encoding.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class SnapshotTableTests(LedgerFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Of_several_snapshots_the_latest_saved_at_or_before_the_instant_is_chosen()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("snapshot_table");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        // Account a's at versions 10, 20 and 30, saved a minute apart, written out of order; b's saved between a's last two.
        await SaveAsync(eventStore, "a", 30, Start.AddMinutes(3));
        await SaveAsync(eventStore, "a", 10, Start.AddMinutes(1));
        await SaveAsync(eventStore, "b", 40, Start.AddMinutes(2.5));
        await SaveAsync(eventStore, "a", 20, Start.AddMinutes(2));

        await using var dataSource = NpgsqlDataSource.Create(eventStore);
        var table = new SnapshotTable(dataSource);
        async Task<(long, long)?> ChosenAsync(DateTimeOffset instant, long maxSequenceNr = long.MaxValue) =>
            await table.LatestAsync(PersistenceIds.Account("a"), instant, maxSequenceNr, CancellationToken.None) is { } found
                ? (found.SequenceNr, found.State.Version)
                : null;

        Assert.Null(await ChosenAsync(Start.AddMinutes(1).AddTicks(-1)));
        Assert.Equal((10L, 10L), await ChosenAsync(Start.AddMinutes(1)));
        Assert.Equal((10L, 10L), await ChosenAsync(Start.AddMinutes(2).AddTicks(-1)));
        Assert.Equal((20L, 20L), await ChosenAsync(Start.AddMinutes(2)));
        Assert.Equal((20L, 20L), await ChosenAsync(Start.AddMinutes(3).AddTicks(-1)));
        Assert.Equal((30L, 30L), await ChosenAsync(Start.AddDays(1)));
        Assert.Equal((20L, 20L), await ChosenAsync(Start.AddDays(1), maxSequenceNr: 29));
        Assert.Equal((10L, 10L), await ChosenAsync(Start.AddDays(1), maxSequenceNr: 19));
        Assert.Null(await ChosenAsync(Start.AddDays(1), maxSequenceNr: 9));
    }

    /// <summary>The plugin's <c>created</c> is the save time in the ticks the question compares: none before the first save, all after the last.</summary>
    [Fact]
    public async Task Reads_the_snapshots_a_node_saved()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("snapshot_table_node");
        var persistenceId = PersistenceIds.Account("saved");
        var beforeAny = DateTimeOffset.UtcNow;
        await using (var node = await TestNode.StartAsync(eventStore, new AccountSettings { SnapshotEveryEvents = 2 }))
        {
            await node.CreateAccountAsync("saved", "1.00");
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "saved", amount = "1.00" })).StatusCode);
            await Eventually.Until(() => JournalSql.SnapshotSequenceNumbersAsync(eventStore, persistenceId), s => s.Count == 2, TimeSpan.FromSeconds(30),
                "two snapshots");
        }
        var afterAll = DateTimeOffset.UtcNow;

        await using var dataSource = NpgsqlDataSource.Create(eventStore);
        var table = new SnapshotTable(dataSource);
        Assert.Null(await table.LatestAsync(persistenceId, beforeAny, long.MaxValue, CancellationToken.None));
        var latest = await table.LatestAsync(persistenceId, afterAll, long.MaxValue, CancellationToken.None);
        Assert.Equal((4L, 4L, 400L), (latest?.SequenceNr, latest?.State.Version, latest?.State.BalanceMinorUnits));
        var earlier = await table.LatestAsync(persistenceId, afterAll, 3, CancellationToken.None);
        Assert.Equal((2L, 2L, 200L), (earlier?.SequenceNr, earlier?.State.Version, earlier?.State.BalanceMinorUnits));
    }

    /// <summary>A snapshot row as the plugin writes it: the ledger's serializer, its manifest, the save time in UTC ticks.</summary>
    private static async Task SaveAsync(string eventStore, string accountId, long version, DateTimeOffset savedAt)
    {
        var state = AccountState.Initial(accountId) with { Status = AccountStatus.Active, Version = version, CreatedAt = Start, LastUpdated = Start };
        var snapshot = new ChainedState(state, null);
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES ($1, $2, $3, $4, $5, $6)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PersistenceIds.Account(accountId) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = savedAt.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = LedgerCodec.ToBinary(snapshot) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LedgerCodec.Manifest(snapshot) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LedgerSerializer.SerializerId });
        await command.ExecuteNonQueryAsync();
    }
}
