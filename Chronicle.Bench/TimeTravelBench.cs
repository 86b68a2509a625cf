using System.Diagnostics;
using System.Globalization;
using Chronicle.Client;

namespace Chronicle.Bench;

/// <summary>
/// Time travel (<c>--scenario timetravel</c>): <c>GET /accounts/{id}/balance-at</c> on one account with a
/// long history. The history is built first: its creation, then <c>--timetravel-events</c> less one deposits through the
/// API with many in flight (one hot account, so it is quick); then a few clients ask for the balance at instants drawn uniformly
/// between the account's creation and its last event, so every answer starts from a snapshot and reads
/// anything up to a snapshot interval of events after it.
/// </summary>
internal static class TimeTravelBench
{
    /// <summary>Concurrent readers: time travel is an occasional audit question, not a firehose.</summary>
    public const int Connections = 4;

    public sealed record History(string AccountId, long Events, DateTimeOffset CreatedAt, DateTimeOffset LastUpdated);

    public static async Task<History> BuildAsync(LoadClient client, BenchOptions options, string runId)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{runId}-tt");
        await BenchRunner.CreateAccountsAsync(client, options, "timetravel", [id], initialBalance: 0m);

        var watch = Stopwatch.StartNew();
        var deposit = new DepositRequest(id, 1.00m);
        var deposits = options.TimeTravelDeposits;
        var written = await LoadRun.ForEachAsync(options.Connections, deposits, _ => client.WriteAsync(deposit));
        if (written != deposits) throw new InvalidOperationException($"only {written:N0} of {deposits:N0} deposits were accepted");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  [timetravel] wrote {written:N0} deposits to {id} in {watch.Elapsed.TotalSeconds:0.0}s"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Strong: the account itself, not the read model, which may still be projecting the deposits.
        var account = await client.Auditor.Setup.GetAccountAsync(id, ReadConsistency.Strong, timeout.Token);
        var history = new History(id, written + 1, account.CreatedAt, account.LastUpdated);

        // The answer at the last event is the whole history: a check that what is timed is right.
        var last = await client.Auditor.Setup.GetBalanceAtAsync(id, history.LastUpdated, timeout.Token);
        var expected = (Version: history.Events, Balance: deposits * 1m);
        if ((last.Version, last.Balance) != expected)
            throw new InvalidOperationException($"balance-at the last event answered {last}, expected version {expected.Version} and balance {expected.Balance}");
        return history;
    }

    public static async Task<LoadResult> MeasureAsync(LoadClient client, BenchOptions options, History history, int run)
    {
        var label = options.Repeat > 1 ? $"timetravel #{run}" : "timetravel";
        // The history's deposits are still being projected after it is written.
        await Backlog.AwaitProjectedAsync(options, label);
        var span = (history.LastUpdated - history.CreatedAt).Ticks;
        return await LoadRun.RunAsync(label, client.Auditor, Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => LoadRequest.Get(client.Route(BalanceAtPath(history, history.CreatedAt.AddTicks(Random.Shared.NextInt64(span + 1))))),
            successStatus: 200);
    }

    private static string BalanceAtPath(History history, DateTimeOffset instant) =>
        $"/accounts/{history.AccountId}/balance-at?timestamp={Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture))}";
}
