using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Actors;

/// <summary>
/// Commands queued behind a write in flight are decided in order against the running state and
/// written together: a busy account needs far fewer journal round trips than commands.
/// The journal stamps every row of one write call with the same 'created' tick, so the number of
/// distinct ticks among an account's rows is the number of round trips it took.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HotAccountBatchingTests(LedgerFixture fixture)
{
    private const int Commands = 200;

    [Fact]
    public async Task Commands_queued_behind_a_write_are_persisted_together_and_answered_one_by_one_in_order()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("hot_account");
        await using var host = await EventStoreHost.StartAsync(eventStore);
        var account = host.System.ActorOf(AccountActor.Props("hot", new AccountSettings()));
        Assert.IsType<WriteAccepted>(await account.Ask<object>(new CreateAccount("hot", "Hot", 0m, "USD", null), TimeSpan.FromSeconds(30)));

        var probe = new Akka.TestKit.Xunit2.TestKit(host.System);
        for (var i = 1; i <= Commands; i++) account.Tell(new DepositMoney("hot", 1m, null, null, $"k{i}"), probe.TestActor);

        for (var i = 1; i <= Commands; i++)
        {
            var accepted = probe.ExpectMsg<WriteAccepted>(TimeSpan.FromSeconds(30));
            Assert.Equal((i + 1L, i * 100L), (accepted.Version, accepted.BalanceMinorUnits));
        }

        var (rows, roundTrips) = await JournalWritesAsync(eventStore);
        Assert.Equal(Commands + 1, rows);
        Assert.True(roundTrips <= Commands / 2, $"{Commands} commands took {roundTrips} journal round trips");
    }

    private static async Task<(long Rows, long RoundTrips)> JournalWritesAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT created) FROM journal WHERE persistence_id = 'account-hot' AND sequence_number > 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0) + 1, reader.GetInt64(1));
    }
}
