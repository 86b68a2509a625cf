using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Chronicle.Bench;

/// <summary>
/// Time travel (<c>--scenario timetravel</c>): <c>GET /accounts/{id}/balance-at</c> on one account with a
/// long history. The history is built first, <c>--events</c> deposits through the API with many in flight
/// (one hot account, so it is quick); then a few clients ask for the balance at instants drawn uniformly
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
        await BenchRunner.CreateAccountsAsync(client, options, "timetravel", [id], initialBalance: "0.00");

        var watch = Stopwatch.StartNew();
        var deposit = LoadClient.Body($$"""{"account_id":"{{id}}","amount":"1.00"}""");
        var route = client.Route("/commands/deposit");
        var written = await LoadRun.ForEachAsync(options.Connections, options.Events, async (_, drain) => await client.PostAsync(route, deposit, drain));
        if (written != options.Events) throw new InvalidOperationException($"only {written:N0} of {options.Events:N0} deposits were accepted");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  [timetravel] wrote {written:N0} deposits to {id} in {watch.Elapsed.TotalSeconds:0.0}s"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Strong: the account itself, not the read model, which may still be projecting the deposits.
        var account = await GetJsonAsync(client.Auditor, $"/accounts/{id}?consistency=strong", timeout.Token);
        var history = new History(id, written + 1, Instant(account, "created_at"), Instant(account, "last_updated"));

        // The answer at the last event is the whole history: a check that what is timed is right.
        var last = await GetJsonAsync(client.Auditor, BalanceAtPath(history, history.LastUpdated), timeout.Token);
        var expected = (Version: history.Events, Balance: (options.Events * 1m).ToString("0.00", CultureInfo.InvariantCulture));
        if ((last.GetProperty("version").GetInt64(), last.GetProperty("balance").GetString()) != expected)
            throw new InvalidOperationException($"balance-at the last event answered {last}, expected version {expected.Version} and balance {expected.Balance}");
        return history;
    }

    public static Task<LoadResult> MeasureAsync(LoadClient client, BenchOptions options, History history, int run)
    {
        var label = options.Repeat > 1 ? $"timetravel #{run}" : "timetravel";
        var span = (history.LastUpdated - history.CreatedAt).Ticks;
        return LoadRun.RunAsync(label, client.Auditor, Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => (client.Route(BalanceAtPath(history, history.CreatedAt.AddTicks(Random.Shared.NextInt64(span + 1)))), null),
            successStatus: 200);
    }

    private static string BalanceAtPath(History history, DateTimeOffset instant) =>
        $"/accounts/{history.AccountId}/balance-at?timestamp={Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture))}";

    private static async Task<JsonElement> GetJsonAsync(LoadClient client, string path, CancellationToken cancellationToken)
    {
        var (status, body) = await client.GetAsync(client.Route(path), cancellationToken);
        if (status != 200) throw new InvalidOperationException($"GET {path} answered {status}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static DateTimeOffset Instant(JsonElement json, string name) =>
        DateTimeOffset.Parse(json.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
