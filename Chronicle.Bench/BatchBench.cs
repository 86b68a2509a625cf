using System.Globalization;
using Chronicle.Client;

namespace Chronicle.Bench;

/// <summary>
/// Batched deposits (<c>--scenario batch</c>): <c>POST /commands/batch</c> of <c>--batch-size</c> deposits (100) to
/// random accounts of <c>--accounts</c> fresh ones, each deposit with an idempotency_key of its own, as a client that
/// batches would send them. Throughput counts the deposits answered 201 (events/s); latency is per batch.
/// </summary>
internal static class BatchBench
{
    /// <summary>
    /// Batches in flight: 8 of 100 keep 800 deposits in flight, two of the journal's 400-row writes (cluster.hocon
    /// batch-size: one commits while the next fills). More only queue in the journal; on a loaded machine a write that
    /// queues past the journal's 10 s call timeout opens its circuit breaker and fails the writes behind it.
    /// </summary>
    public const int Connections = 8;

    public static async Task<LoadResult> RunAsync(LoadClient client, BenchOptions options, string runId, int run)
    {
        var label = options.Repeat > 1 ? $"batch #{run}" : "batch";
        var ids = Enumerable.Range(0, options.Accounts)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-b{run}-{i:D5}")).ToArray();
        await BenchRunner.CreateAccountsAsync(client, options, label, ids, initialBalance: 0m);
        await Backlog.AwaitProjectedAsync(options, label);

        // Deposits drawn afresh for each batch; the client gives each its own key.
        return await LoadRun.RunAsync(label, client, Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => LoadRequest.BatchOf(Deposits(ids, options.BatchSize)),
            successStatus: 200, commandsPerRequest: options.BatchSize);
    }

    private static BatchCommand[] Deposits(string[] ids, int size) =>
        [.. Enumerable.Range(0, size).Select(_ => (BatchCommand)new DepositRequest(ids[Random.Shared.Next(ids.Length)], BenchRunner.DepositAmounts[Random.Shared.Next(BenchRunner.DepositAmounts.Length)]))];
}
