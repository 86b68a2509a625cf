using Chronicle.Bench;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>The benchmark's write scenarios, briefly, against a real node: their writes go through Chronicle.Client, each under a key of its own.</summary>
[Collection(LedgerCollection.Name)]
public sealed class BenchWritesTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Deposits_and_batches_are_measured_through_the_client_each_write_with_a_key_of_its_own()
    {
        await using var node = await fixture.StartNodeAsync("bench_writes");
        using var client = new LoadClient(node.Url, connections: 4, new StackKeys(node.Keys.Client, node.Keys.Auditor, node.Keys.Operator), traced: false);
        // A ledger and gateway alone: no projector to wait for.
        var options = new BenchOptions { Url = node.Url, WarmupSeconds = 0, DurationSeconds = 1, Connections = 4, Accounts = 10, BatchSize = 5, NoReadModel = true };

        var deposits = await BenchRunner.DepositsAsync(client, options, "bw", run: 1);
        var batches = await BatchBench.RunAsync(client, options, "bw", run: 1);

        Assert.True(deposits.Succeeded > 0 && deposits.ErrorCount == 0, $"deposits: {deposits}");
        Assert.True(batches.Succeeded >= options.BatchSize && batches.ErrorCount == 0, $"batches: {batches}");
        var keys = await JournalSql.IdempotencyKeysAsync(node.EventStore);
        Assert.True(keys.Count >= options.Accounts * 2 + deposits.Succeeded + batches.Succeeded, $"{keys.Count} keys");
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, key => Assert.StartsWith("bench-", key));
    }
}
