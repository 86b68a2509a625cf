using System.Globalization;
using System.Text;

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

    private static readonly string[] Amounts = ["0.01", "0.25", "1.00", "2.50", "7.00"];

    public static async Task<LoadResult> RunAsync(LoadClient client, BenchOptions options, string runId, int run)
    {
        var label = options.Repeat > 1 ? $"batch #{run}" : "batch";
        var ids = Enumerable.Range(0, options.Accounts)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-b{run}-{i:D5}")).ToArray();
        await BenchRunner.CreateAccountsAsync(client, options, label, ids, initialBalance: "0.00");

        // A body per batch: every deposit's key is new.
        var route = client.Route("/commands/batch");
        return await LoadRun.RunAsync(label, client, Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => (route, Body(ids, options.BatchSize)),
            successStatus: 200, commandsPerRequest: options.BatchSize);
    }

    private static byte[] Body(string[] ids, int size)
    {
        var json = new StringBuilder(size * 110).Append("{\"commands\":[");
        for (var i = 0; i < size; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"type\":\"deposit\",\"account_id\":\"").Append(ids[Random.Shared.Next(ids.Length)])
                .Append("\",\"amount\":\"").Append(Amounts[Random.Shared.Next(Amounts.Length)])
                .Append("\",\"idempotency_key\":\"").Append(WriteKeys.Next()).Append("\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }
}
